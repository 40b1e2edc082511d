"""Poisson log-linear models on the 2^J - 1 observed capture patterns, fitted by IRLS with NumPy."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, xlogy

from groundswell.errors import EstimationError

__all__ = [
    "LoglinearFit",
    "capture_patterns",
    "design_matrix",
    "fit_poisson",
    "multinomial_profile_loglik",
    "parse_terms",
]

FloatArray = npt.NDArray[np.float64]
Term = tuple[str, ...]

_MAX_ITER = 100
_TOLERANCE = 1e-10


def capture_patterns(lists: int) -> npt.NDArray[np.int64]:
    """Return the 2^J - 1 observed patterns in Rcapture's histpos order (111..1 down to 0..01).

    Row ``r`` holds the 0/1 capture indicators of the lists, list 1 being the most significant bit.
    """
    if lists < 2:
        raise EstimationError(f"capture-recapture needs at least 2 lists, got {lists}")
    values = np.arange(2**lists - 1, 0, -1)
    shifts = np.arange(lists - 1, -1, -1)
    return ((values[:, None] >> shifts[None, :]) & 1).astype(np.int64)


def parse_terms(spec: str, names: Sequence[str]) -> tuple[Term, ...]:
    """Turn a model spec into the interaction terms it adds to the main effects.

    Grammar: terms joined by ``+``; a term is ``independence`` (no interaction), ``all-two-way``
    (every pair of lists) or list names joined by ``:`` (``c1:c2``, ``c1:c2:c3``); a term after
    `` - `` (minus with a space before it) is removed, e.g. ``all-two-way - c1:c4``.
    Returned terms are sorted by list order and deduplicated.
    """
    order = {name: index for index, name in enumerate(names)}
    if len(order) != len(names):
        raise EstimationError(f"list names must be distinct, got {list(names)}")
    added: list[Term] = []
    removed: list[Term] = []
    for piece in spec.split("+"):
        parts = re.split(r"\s+-\s*", piece.strip())
        if not parts[0] and len(parts) == 1:
            raise EstimationError(f"empty term in model spec {spec!r}; write e.g. 'c1:c2+c2:c3'")
        for position, part in enumerate(parts):
            target = removed if position > 0 else added
            target.extend(_expand(part.strip(), spec, order))
    terms = {term for term in added if term not in set(removed)}
    return tuple(sorted(terms, key=lambda term: (len(term), [order[name] for name in term])))


def _expand(token: str, spec: str, order: dict[str, int]) -> list[Term]:
    """Expand one token of a spec into terms (lists of names in list order)."""
    names = list(order)
    if token in ("", "independence", "main-effects"):
        return []
    if token == "all-two-way":
        return [tuple(pair) for pair in itertools.combinations(names, 2)]
    members = [name.strip() for name in token.split(":")]
    unknown = [name for name in members if name not in order]
    if unknown or len(members) < 2:
        raise EstimationError(
            f"model spec {spec!r}: term {token!r} is not an interaction of known lists "
            f"(unknown {unknown}); lists are {names}; write e.g. "
            f"'{names[0]}:{names[1]}', 'all-two-way' or 'independence'"
        )
    if len(set(members)) != len(members):
        raise EstimationError(f"model spec {spec!r}: term {token!r} repeats a list")
    return [tuple(sorted(members, key=order.__getitem__))]


def design_matrix(
    patterns: npt.NDArray[np.int64], names: Sequence[str], terms: Sequence[Term]
) -> FloatArray:
    """Columns: intercept, one main effect per list, one product column per interaction term."""
    index = {name: position for position, name in enumerate(names)}
    columns = [
        np.ones(patterns.shape[0]),
        *(patterns[:, k].astype(float) for k in range(patterns.shape[1])),
    ]
    for term in terms:
        columns.append(np.prod(patterns[:, [index[name] for name in term]], axis=1).astype(float))
    return np.column_stack(columns)


@dataclass(frozen=True)
class LoglinearFit:
    """A fitted Poisson log-linear model.

    Attributes: ``coef`` (intercept first), ``cov`` (inverse Fisher information, unscaled),
    ``fitted`` (expected cell counts), ``deviance``, ``df`` (cells minus parameters), ``loglik``
    (Poisson log-likelihood), ``converged``.
    """

    coef: FloatArray
    cov: FloatArray
    fitted: FloatArray
    deviance: float
    df: int
    loglik: float
    converged: bool


def fit_poisson(counts: FloatArray, design: FloatArray) -> LoglinearFit:
    """Fit ``log E[y] = X beta`` by iteratively reweighted least squares (R's glm defaults)."""
    y = np.asarray(counts, dtype=float)
    cells, params = design.shape
    if params > cells:
        raise EstimationError(
            f"the model has {params} parameters but only {cells} capture patterns: "
            "drop interaction terms (a J-list table supports at most the (J-1)-way interactions)"
        )
    if np.linalg.matrix_rank(design) < params:
        raise EstimationError(
            "the model's design matrix is rank-deficient: a term is repeated or aliased"
        )
    mu = y + 0.1
    eta = np.log(mu)
    beta: FloatArray = np.zeros(params, dtype=np.float64)
    deviance = _deviance(y, mu)
    converged = False
    for _ in range(_MAX_ITER):
        z = eta + (y - mu) / mu
        root = np.sqrt(mu)
        solution = np.linalg.lstsq(design * root[:, None], z * root, rcond=None)[0]
        beta = np.asarray(solution, dtype=np.float64)
        eta = design @ beta
        mu = np.exp(eta)
        new_deviance = _deviance(y, mu)
        if abs(new_deviance - deviance) / (abs(new_deviance) + 0.1) < _TOLERANCE:
            deviance = new_deviance
            converged = True
            break
        deviance = new_deviance
    cov: FloatArray = np.asarray(
        np.linalg.pinv(design.T @ (design * mu[:, None])), dtype=np.float64
    )
    loglik = float(np.sum(xlogy(y, mu) - mu - gammaln(y + 1.0)))
    return LoglinearFit(beta, cov, mu, float(deviance), cells - params, loglik, converged)


def _deviance(y: FloatArray, mu: FloatArray) -> float:
    """Poisson deviance, with 0·log 0 = 0."""
    return float(2.0 * np.sum(xlogy(y, y) - xlogy(y, mu) - (y - mu)))


def multinomial_profile_loglik(counts: FloatArray, design: FloatArray, n0: float) -> float:
    """Multinomial profile log-likelihood of N = n + n0 (Cormack 1992, as in Rcapture's closedpCI).

    The unobserved cell is appended with count ``n0`` and an all-zero design row; the Poisson
    deviance of that fit, corrected by ``ct = log(n0^n0 N! / (N^N n0!))``, gives the profile.
    """
    y = np.append(counts, n0)
    augmented = np.vstack([design, np.zeros(design.shape[1])])
    augmented[-1, 0] = 1.0
    fit = fit_poisson(y, augmented)
    total = float(np.sum(y))
    correction = float(
        xlogy(n0, n0) - gammaln(n0 + 1.0) + gammaln(total + 1.0) - total * math.log(total)
    )
    return (fit.deviance - 2.0 * correction) / -2.0
