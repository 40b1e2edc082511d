"""Correct many count vectors for one misclassification matrix at once, with one seeded bootstrap."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from groundswell.errors import EstimationError
from groundswell.methods.shares import adjusted_shares, rogan_gladen

__all__ = ["Corrected", "correct_counts"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Corrected:
    """Observed and corrected shares of one count vector; `low`/`high` bound the corrected ones."""

    n: int
    observed: tuple[float, ...]
    corrected: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    constrained: bool
    """The exact solution left [0, 1] (or the simplex) and was clipped."""


def _solve(observed: FloatArray, matrix: FloatArray) -> tuple[FloatArray, bool]:
    """Rogan–Gladen for two classes (class 0 positive), adjusted classify-and-count for more."""
    if matrix.shape[0] == 2:
        sens, spec = float(matrix[0, 0]), float(matrix[1, 1])
        rg = rogan_gladen(float(observed[0]), sens, spec)
        return np.array([rg.share, 1 - rg.share]), rg.clipped
    return adjusted_shares(observed, matrix)


def _replicate_solutions(obs: FloatArray, mats: FloatArray) -> FloatArray:
    """Corrected shares for B observed vectors (B, K) and matrices (B, K, K); NaN where unusable."""
    b, k = obs.shape
    if k == 2:
        sens, spec = mats[:, 0, 0], mats[:, 1, 1]
        youden = sens + spec - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.clip((obs[:, 0] + spec - 1) / youden, 0.0, 1.0)
        p[~(youden > 0)] = np.nan
        return np.stack([p, 1 - p], axis=1)
    out = np.full((b, k), np.nan)
    try:
        exact = np.linalg.solve(mats, obs[:, :, None])[:, :, 0]
        fine = np.all(exact >= 0, axis=1) & np.all(np.isfinite(exact), axis=1)
    except np.linalg.LinAlgError:
        exact, fine = np.zeros((b, k)), np.zeros(b, dtype=bool)
    out[fine] = exact[fine] / exact[fine].sum(axis=1, keepdims=True)
    for i in np.flatnonzero(~fine):
        with contextlib.suppress(EstimationError):
            out[i] = adjusted_shares(obs[i], mats[i])[0]
    return out


def correct_counts(
    counts: Sequence[Sequence[int]],
    confusion_counts: FloatArray,
    *,
    replicates: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
) -> list[Corrected | None]:
    """Correct each count vector (predicted categories of posts or voices; None for an empty one).

    `confusion_counts[i, j]` counts labelled posts predicted i whose true class is j. Each bootstrap
    replicate redraws the labelled posts (a multinomial over the cells, so the matrix is re-estimated)
    and, for every vector, its units (a multinomial over its observed shares); the interval is the
    percentile interval of the corrected shares. Replicates in which a class lost all its labelled
    examples, or the classifier looked no better than chance, are left out.
    """
    cells = np.asarray(confusion_counts, dtype=np.float64)
    k = cells.shape[0]
    totals = cells.sum(axis=0)
    if np.any(totals == 0):
        raise EstimationError("the labelled posts miss a category; label some of every category")
    matrix = cells / totals
    rng = np.random.default_rng(seed)
    n_lab = int(cells.sum())
    draws = rng.multinomial(n_lab, (cells / n_lab).ravel(), size=replicates).reshape(
        replicates, k, k
    )
    col = draws.sum(axis=1, keepdims=True).astype(np.float64)
    usable = np.all(col > 0, axis=(1, 2))
    mats = np.divide(draws, col, out=np.zeros_like(col * draws), where=col > 0)
    results: list[Corrected | None] = []
    for vector in counts:
        c = np.asarray(vector, dtype=np.float64)
        n = int(c.sum())
        if n == 0:
            results.append(None)
            continue
        observed = c / n
        corrected, constrained = _solve(observed, matrix)
        obs_draws = rng.multinomial(n, observed, size=replicates) / n
        boot = _replicate_solutions(obs_draws[usable], mats[usable])
        if not np.any(np.all(np.isfinite(boot), axis=1)):
            raise EstimationError("no bootstrap replicate could be corrected; label more posts")
        low, high = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
        results.append(
            Corrected(
                n,
                tuple(map(float, observed)),
                tuple(map(float, corrected)),
                tuple(map(float, low)),
                tuple(map(float, high)),
                bool(constrained),
            )
        )
    return results
