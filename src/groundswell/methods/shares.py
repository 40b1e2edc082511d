"""Correct a classifier's raw class shares for its errors (Rogan-Gladen, adjusted classify-and-count)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from groundswell.errors import EstimationError

__all__ = [
    "CorrectedShares",
    "RoganGladen",
    "adjusted_shares",
    "corrected_shares",
    "misclassification_matrix",
    "rogan_gladen",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RoganGladen:
    """A corrected prevalence; ``clipped`` says the raw value ``unclipped`` fell outside [0, 1]."""

    share: float
    unclipped: float
    clipped: bool


def rogan_gladen(p_obs: float, sensitivity: float, specificity: float) -> RoganGladen:
    """Correct an observed share: ``p = (p_obs + spec - 1) / (sens + spec - 1)``, clipped to [0, 1]."""
    for name, value in (
        ("p_obs", p_obs),
        ("sensitivity", sensitivity),
        ("specificity", specificity),
    ):
        if not 0 <= value <= 1:
            raise EstimationError(f"{name} must lie in [0, 1], got {value}")
    youden = sensitivity + specificity - 1
    if youden <= 0:
        raise EstimationError(
            f"sensitivity + specificity - 1 = {youden:.3g} <= 0: the classifier is no better than chance, "
            "so its shares cannot be corrected; improve or replace the classifier"
        )
    raw = (p_obs + specificity - 1) / youden
    share = min(1.0, max(0.0, raw))
    return RoganGladen(share, raw, share != raw)


def misclassification_matrix(
    true_codes: npt.ArrayLike, predicted_codes: npt.ArrayLike, classes: int
) -> FloatArray:
    """``M[i, j] = P(predicted i | true j)`` from labelled data given as integer class codes."""
    truth = np.asarray(true_codes, dtype=np.int64)
    predicted = np.asarray(predicted_codes, dtype=np.int64)
    counts = np.zeros((classes, classes))
    np.add.at(counts, (predicted, truth), 1.0)
    totals = counts.sum(axis=0)
    if np.any(totals == 0):
        missing = [int(j) for j in np.flatnonzero(totals == 0)]
        raise EstimationError(
            f"the labelled set has no example of class code(s) {missing}; label some"
        )
    matrix: FloatArray = np.asarray(counts / totals, dtype=np.float64)
    return matrix


def adjusted_shares(observed: npt.ArrayLike, matrix: npt.ArrayLike) -> tuple[FloatArray, bool]:
    """Solve ``observed = M p`` for ``p`` on the simplex (non-negative least squares, renormalised).

    Returns the shares and whether the constraint was active (the unconstrained solution left it).
    """
    p_obs = np.asarray(observed, dtype=float)
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] != p_obs.size:
        raise EstimationError(
            f"need a square K x K matrix and K shares, got {m.shape} and {p_obs.size}"
        )
    from scipy.optimize import nnls  # imported here: scipy.optimize is slow to load

    solution, _ = nnls(m, p_obs)
    total = float(solution.sum())
    if total <= 0:
        raise EstimationError(
            "the corrected shares are all zero: the misclassification matrix is degenerate"
        )
    shares = solution / total
    try:
        exact = np.linalg.solve(m, p_obs)
        constrained = bool(np.any(exact < -1e-12))
    except np.linalg.LinAlgError:
        constrained = True
    return shares, constrained


@dataclass(frozen=True)
class CorrectedShares:
    """Observed and corrected shares per class, with percentile bootstrap intervals.

    ``low``/``high`` bound the corrected shares; ``dropped`` counts bootstrap replicates in which a
    class had no labelled example (those cannot be corrected and are left out).
    """

    classes: tuple[Hashable, ...]
    observed: tuple[float, ...]
    corrected: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    constrained: bool
    replicates: int
    dropped: int
    seed: int


def corrected_shares(
    true_labels: Sequence[Hashable],
    predicted_labels: Sequence[Hashable],
    post_predictions: Sequence[Hashable],
    classes: Sequence[Hashable] | None = None,
    replicates: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
) -> CorrectedShares:
    """Correct the shares of predicted classes among posts, bootstrapping labels and posts together.

    Each replicate resamples the labelled pairs (re-estimating the misclassification matrix) and
    the posts (re-estimating the observed shares), both with replacement, from one seeded Generator.
    """
    if len(true_labels) != len(predicted_labels) or not true_labels:
        raise EstimationError("need the same, non-zero number of true and predicted labels")
    if not post_predictions:
        raise EstimationError("no post predictions: nothing to correct")
    names = (
        tuple(classes)
        if classes is not None
        else tuple(sorted({*true_labels, *predicted_labels, *post_predictions}, key=str))
    )
    code = {name: index for index, name in enumerate(names)}
    unknown = {
        label for label in (*true_labels, *predicted_labels, *post_predictions) if label not in code
    }
    if unknown:
        raise EstimationError(
            f"labels {sorted(map(str, unknown))} are not among the classes {list(names)}"
        )
    k = len(names)
    truth = np.array([code[label] for label in true_labels])
    predicted = np.array([code[label] for label in predicted_labels])
    posts = np.bincount([code[label] for label in post_predictions], minlength=k).astype(float)
    matrix = misclassification_matrix(truth, predicted, k)
    observed = posts / posts.sum()
    corrected, constrained = adjusted_shares(observed, matrix)

    rng = np.random.default_rng(seed)
    cells = np.zeros((k, k))
    np.add.at(cells, (predicted, truth), 1.0)
    cell_draws = rng.multinomial(
        len(truth), (cells / cells.sum()).ravel(), size=replicates
    ).reshape(replicates, k, k)
    post_draws = rng.multinomial(int(posts.sum()), observed, size=replicates) / posts.sum()
    totals = cell_draws.sum(axis=1)
    usable = np.all(totals > 0, axis=1)
    boot = np.full((replicates, k), np.nan)
    for b in np.flatnonzero(usable):
        boot[b] = adjusted_shares(post_draws[b], cell_draws[b] / totals[b])[0]
    if not usable.any():
        raise EstimationError(
            "every bootstrap replicate lost a class: label more examples of the rare classes"
        )
    low, high = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
    return CorrectedShares(
        names,
        tuple(map(float, observed)),
        tuple(map(float, corrected)),
        tuple(map(float, low)),
        tuple(map(float, high)),
        constrained,
        replicates,
        int((~usable).sum()),
        seed,
    )
