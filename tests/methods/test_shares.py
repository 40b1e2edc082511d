"""Share correction: Rogan-Gladen, adjusted classify-and-count, and bootstrap coverage."""

from __future__ import annotations

import numpy as np
import pytest

from groundswell.errors import EstimationError
from groundswell.methods.shares import adjusted_shares, corrected_shares, rogan_gladen


def test_rogan_gladen_methods_example() -> None:
    result = rogan_gladen(0.15, 0.834, 0.95)  # METHODS.md section 6
    assert result.share == pytest.approx(0.12755, abs=1e-5)
    assert not result.clipped


def test_rogan_gladen_clips_and_flags() -> None:
    result = rogan_gladen(0.02, 0.834, 0.95)
    assert result.share == 0.0 and result.clipped and result.unclipped < 0
    with pytest.raises(EstimationError, match="no better than chance"):
        rogan_gladen(0.2, 0.5, 0.5)


def test_multiclass_known_answer() -> None:
    m = np.array([[0.7, 0.2, 0.1], [0.2, 0.6, 0.3], [0.1, 0.2, 0.6]])  # columns: P(pred | true j)
    truth = np.array([0.5, 0.3, 0.2])
    shares, constrained = adjusted_shares(m @ truth, m)
    assert shares == pytest.approx(truth, abs=1e-10)
    assert not constrained


def test_multiclass_out_of_simplex_is_constrained() -> None:
    m = np.array([[0.9, 0.3], [0.1, 0.7]])
    shares, constrained = adjusted_shares([0.95, 0.05], m)
    assert constrained and shares.sum() == pytest.approx(1) and np.all(shares >= 0)


def _sample(
    rng: np.random.Generator, size: int, share: float, sens: float, spec: float
) -> tuple[np.ndarray, np.ndarray]:
    truth = rng.random(size) < share
    predicted = np.where(truth, rng.random(size) < sens, rng.random(size) >= spec)
    return truth.astype(int), predicted.astype(int)


def test_bootstrap_coverage_with_a_weak_classifier() -> None:
    share, sens, spec = 0.3, 0.65, 0.75  # weak: p_obs = 0.3*0.65 + 0.7*0.25 = 0.37
    covered = raw_covered = 0
    for seed in range(100):
        rng = np.random.default_rng(seed)
        true_l, pred_l = _sample(rng, 800, share, sens, spec)
        _, pred_posts = _sample(rng, 20000, share, sens, spec)
        result = corrected_shares(
            true_l.tolist(),
            pred_l.tolist(),
            pred_posts.tolist(),
            classes=[0, 1],
            replicates=300,
            seed=seed,
        )
        covered += result.low[1] <= share <= result.high[1]
        raw_covered += abs(result.observed[1] - share) < 0.02
    assert covered >= 90
    assert raw_covered == 0


def test_unknown_labels_rejected() -> None:
    with pytest.raises(EstimationError, match="not among the classes"):
        corrected_shares(["a"], ["b"], ["c"], classes=["a", "b"])
