"""Capture-recapture (multiple-systems) estimates of a hidden population: Chapman and log-linear models."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from groundswell.errors import EstimationError
from groundswell.methods.loglinear import (
    FloatArray,
    Term,
    capture_patterns,
    design_matrix,
    fit_poisson,
    multinomial_profile_loglik,
    parse_terms,
)

__all__ = [
    "ASSUMPTIONS",
    "ChapmanEstimate",
    "ModelEstimate",
    "assumption_warnings",
    "chapman",
    "default_names",
    "fit_model",
    "fit_models",
    "pattern_counts",
    "plausible_specs",
]

ASSUMPTIONS: tuple[str, ...] = (
    "closed population: nobody joins or leaves the movement between the lists",
    "linkable lists: the same person is recognised as the same person on every list, without false or missed links",
    "homogeneous capture: within a list, every person has the same chance of appearing (no hidden subgroups that are easier to catch on several lists)",
)


@dataclass(frozen=True)
class ChapmanEstimate:
    """Chapman's two-list estimate ``N = (n1+1)(n2+1)/(m+1) - 1`` with its variance and a Wald 95% CI."""

    n1: int
    n2: int
    m: int
    N: float
    variance: float
    se: float
    lincoln_petersen: float | None
    ci: tuple[float, float]
    assumptions: tuple[str, ...]


def chapman(n1: int, n2: int, m: int, alpha: float = 0.05) -> ChapmanEstimate:
    """Estimate N from two linked lists of sizes ``n1``, ``n2`` sharing ``m`` people."""
    if min(n1, n2, m) < 0 or m > min(n1, n2):
        raise EstimationError(f"need 0 <= m <= min(n1, n2), got n1={n1}, n2={n2}, m={m}")
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    se = math.sqrt(variance)
    z = NormalDist().inv_cdf(1 - alpha / 2)
    observed = n1 + n2 - m
    ci = (max(float(observed), estimate - z * se), estimate + z * se)
    petersen = n1 * n2 / m if m > 0 else None
    dependence = "independent lists: being on list 1 does not change the chance of being on list 2"
    return ChapmanEstimate(
        n1, n2, m, estimate, variance, se, petersen, ci, (*ASSUMPTIONS, dependence)
    )


@dataclass(frozen=True)
class ModelEstimate:
    """One log-linear model's estimate of the total population.

    ``N = n + exp(b0)``; ``se = sqrt(exp(b0) + exp(2 b0) var(b0))`` (Rcapture's closedp);
    ``ci`` is the multinomial profile-likelihood interval (upper ``None`` when it lies beyond
    ``fmax`` times N); ``p_value`` is the deviance goodness-of-fit p-value (``None`` at df 0).
    """

    spec: str
    terms: tuple[str, ...]
    n_observed: int
    N: float
    se: float
    ci: tuple[float, float | None]
    deviance: float
    df: int
    p_value: float | None
    aic: float
    bic: float
    converged: bool
    assumptions: tuple[str, ...]


def default_names(lists: int) -> tuple[str, ...]:
    """Rcapture's list names ``c1 .. cJ``."""
    return tuple(f"c{k}" for k in range(1, lists + 1))


def _check_counts(counts: Sequence[float], lists: int) -> FloatArray:
    """Validate a histpos-ordered count vector and return it as floats."""
    array = np.asarray(counts, dtype=float)
    if array.shape != (2**lists - 1,):
        raise EstimationError(f"{lists} lists need {2**lists - 1} pattern counts, got {array.size}")
    if np.any(array < 0) or not np.all(np.isfinite(array)):
        raise EstimationError("pattern counts must be finite and non-negative")
    if array.sum() <= 0:
        raise EstimationError("no one was observed on any list: there is nothing to estimate from")
    return array


def fit_model(
    counts: Sequence[float],
    spec: str = "independence",
    names: Sequence[str] | None = None,
    alpha: float = 0.05,
    fmax: float = 3.0,
    columns: Mapping[str, Sequence[float]] | None = None,
) -> ModelEstimate:
    """Fit one log-linear model to pattern counts in histpos order (111..1 first, 0..01 last).

    ``columns`` adds named design columns (one value per pattern, histpos order), for models
    beyond interactions: Rcapture's heterogeneity column or an indicator for one pattern.
    """
    lists = len(names) if names is not None else _lists_from_cells(len(counts))
    names = tuple(names) if names is not None else default_names(lists)
    y = _check_counts(counts, lists)
    terms = parse_terms(spec, names)
    design = design_matrix(capture_patterns(lists), names, terms)
    extra = dict(columns or {})
    for label, values in extra.items():
        column = np.asarray(values, dtype=float)
        if column.shape != (y.size,):
            raise EstimationError(
                f"column {label!r} needs {y.size} values (one per pattern), got {column.size}"
            )
        design = np.column_stack([design, column])
    fit = fit_poisson(y, design)
    n = int(round(float(y.sum())))
    unseen = math.exp(float(fit.coef[0]))
    estimate = n + unseen
    se = math.sqrt(unseen + unseen**2 * float(fit.cov[0, 0]))
    params = design.shape[1]
    from scipy import stats  # imported here: scipy.stats takes a second to load

    p_value = float(stats.chi2.sf(fit.deviance, fit.df)) if fit.df > 0 else None
    ci = profile_interval(y, design, estimate, alpha, fmax)
    return ModelEstimate(
        spec=spec,
        terms=(*(":".join(term) for term in terms), *extra),
        n_observed=n,
        N=estimate,
        se=se,
        ci=ci,
        deviance=fit.deviance,
        df=fit.df,
        p_value=p_value,
        aic=-2 * fit.loglik + 2 * params,
        bic=-2 * fit.loglik + math.log(n) * params,
        converged=fit.converged,
        assumptions=(*ASSUMPTIONS, _dependence_text(terms, names, tuple(extra))),
    )


def _lists_from_cells(cells: int) -> int:
    """Number of lists J such that 2^J - 1 equals ``cells``."""
    lists = int(round(math.log2(cells + 1)))
    if 2**lists - 1 != cells:
        raise EstimationError(f"{cells} counts is not 2^J - 1 for any number of lists J")
    return lists


def _dependence_text(
    terms: Sequence[Term], names: Sequence[str], extra: tuple[str, ...] = ()
) -> str:
    """Say which dependence between lists the model allows and which it rules out."""
    if extra:
        return f"dependence as modelled by interactions {[':'.join(t) for t in terms]} and columns {list(extra)}"
    if not terms:
        return "independent lists: appearing on one list does not change the chance of appearing on another"
    modelled = ", ".join(":".join(term) for term in terms)
    return (
        f"modelled dependence only: the lists may depend through {modelled}; every other "
        f"interaction among {', '.join(names)} (including the highest-order one) is assumed absent"
    )


def profile_interval(
    counts: FloatArray, design: FloatArray, estimate: float, alpha: float = 0.05, fmax: float = 3.0
) -> tuple[float, float | None]:
    """Multinomial profile-likelihood interval for N, searched as Rcapture's closedpCI does."""
    n = float(counts.sum())

    def loglik(total: float) -> float:
        return multinomial_profile_loglik(counts, design, total - n)

    top = max(3.0 * estimate, n + 1.0)
    from scipy import optimize, stats  # imported here: they take a second to load

    best = optimize.minimize_scalar(
        lambda total: -loglik(total), bounds=(n, top), method="bounded", options={"xatol": 1e-4}
    )
    n_max = float(best.x)
    threshold = -float(best.fun) - float(stats.chi2.ppf(1 - alpha, 1)) / 2

    def excess(total: float) -> float:
        return loglik(total) - threshold

    lower = n if excess(n) >= 0 else float(optimize.brentq(excess, n, n_max, xtol=1e-4))
    ceiling = max(fmax * estimate, n_max + 1.0)
    upper = (
        None if excess(ceiling) >= 0 else float(optimize.brentq(excess, n_max, ceiling, xtol=1e-4))
    )
    return (lower, upper)


def pattern_counts(histories: Sequence[Sequence[int]], lists: int | None = None) -> tuple[int, ...]:
    """Count linked people's 0/1 capture histories (one row per person) by pattern, histpos order.

    Rows of all zeros are ignored (nobody can be observed on no list).
    """
    rows = np.asarray(histories, dtype=np.int64)
    if rows.ndim != 2 or (lists is not None and rows.shape[1] != lists):
        raise EstimationError(
            "histories must be rows of 0/1 capture indicators, one column per list"
        )
    if np.any((rows != 0) & (rows != 1)):
        raise EstimationError("capture histories may contain only 0 and 1")
    width = rows.shape[1]
    codes = rows @ (1 << np.arange(width - 1, -1, -1))
    tally = np.bincount(codes, minlength=2**width)
    return tuple(int(value) for value in tally[:0:-1])


def plausible_specs(names: Sequence[str]) -> tuple[str, ...]:
    """Independence, each single two-way interaction, and all two-way interactions (J >= 3)."""
    specs = ["independence"]
    if len(names) >= 3:
        specs.extend(f"{a}:{b}" for a, b in itertools.combinations(names, 2))
        specs.append("all-two-way")
    return tuple(specs)


def fit_models(
    counts: Sequence[float],
    names: Sequence[str] | None = None,
    specs: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> tuple[ModelEstimate, ...]:
    """Fit every plausible model (or the given specs), in the order listed."""
    lists = len(names) if names is not None else _lists_from_cells(len(counts))
    names = tuple(names) if names is not None else default_names(lists)
    chosen = tuple(specs) if specs is not None else plausible_specs(names)
    return tuple(fit_model(counts, spec, names, alpha) for spec in chosen)


def assumption_warnings(models: Sequence[ModelEstimate], level: float = 0.05) -> tuple[str, ...]:
    """Warn when the data contradict independence or when the estimate depends on the model chosen."""
    warnings: list[str] = []
    independence = next((model for model in models if not model.terms), None)
    if (
        independence is not None
        and independence.p_value is not None
        and independence.p_value < level
    ):
        warnings.append(
            f"the independence model fits badly (deviance {independence.deviance:.1f} on "
            f"{independence.df} df, p = {independence.p_value:.2g}): the lists are not independent, "
            "so its estimate is biased; prefer a model with the dependence modelled"
        )
    if models:
        best = min(models, key=lambda model: model.aic)
        if independence is not None and best.terms and best.aic < independence.aic - 2:
            warnings.append(
                f"AIC prefers {best.spec!r} (N = {best.N:.0f}) over independence (N = "
                f"{independence.N:.0f}): the lists depend on each other"
            )
        estimates = [model.N for model in models if model.converged]
        if estimates and max(estimates) > 2 * min(estimates):
            warnings.append(
                f"estimates range from {min(estimates):.0f} to {max(estimates):.0f} across models: "
                "the total depends on untestable assumptions about how the lists depend"
            )
    unbounded = [model.spec for model in models if model.ci[1] is None]
    if unbounded:
        warnings.append(
            f"no upper confidence bound under {unbounded}: these models cannot pin N down "
            "(often a pattern seen 0 times); do not report their estimates"
        )
    if any(not model.converged for model in models):
        warnings.append(
            "a model did not converge (often a pattern count of 0 with a term that needs it)"
        )
    return tuple(warnings)
