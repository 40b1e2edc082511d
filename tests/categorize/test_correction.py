"""Corrected shares cover the true shares in >= 90 of 100 seeds; a weakened classifier's raw shares miss."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from groundswell.categorize import correct_counts

TRUE = np.array([0.35, 0.25, 0.15, 0.10, 0.15])
# P(predicted row | true column): a deliberately weak classifier that over-calls `support`
WEAK = np.array(
    [
        [0.60, 0.10, 0.05, 0.05, 0.05],
        [0.25, 0.65, 0.10, 0.20, 0.10],
        [0.05, 0.10, 0.70, 0.05, 0.10],
        [0.05, 0.10, 0.05, 0.60, 0.05],
        [0.05, 0.05, 0.10, 0.10, 0.70],
    ]
)


def _simulate(
    rng: np.random.Generator,
    shares: npt.NDArray[np.float64],
    matrix: npt.NDArray[np.float64],
    posts: int,
    labelled: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """True and predicted categories of posts and of a random labelled sample, from a known matrix."""
    k = shares.size
    truth = rng.choice(k, size=posts + labelled, p=shares)
    guess = np.array([rng.choice(k, p=matrix[:, t]) for t in truth])
    counts = np.bincount(guess[:posts], minlength=k)
    cells = np.zeros((k, k))
    np.add.at(cells, (guess[posts:], truth[posts:]), 1.0)
    return counts, cells, np.bincount(truth[:posts], minlength=k) / posts


def test_corrected_intervals_cover_and_raw_shares_miss() -> None:
    covered = np.zeros(TRUE.size, dtype=int)
    raw_covered = np.zeros(TRUE.size, dtype=int)
    for seed in range(100):
        rng = np.random.default_rng(seed)
        counts, cells, true_share = _simulate(rng, TRUE, WEAK, 2000, 500)
        (fixed,) = correct_counts([counts.tolist()], cells, replicates=400, seed=seed)
        assert fixed is not None
        covered += (np.array(fixed.low) <= true_share) & (true_share <= np.array(fixed.high))
        raw = np.array(fixed.observed)
        half = 1.96 * np.sqrt(raw * (1 - raw) / fixed.n)  # the naive interval of the raw share
        raw_covered += (raw - half <= true_share) & (true_share <= raw + half)
    assert covered.min() >= 90, covered
    # the raw shares are biased: support is over-counted and disclosure under-counted
    assert raw_covered[0] < 10 and raw_covered[1] < 10, raw_covered


def test_two_classes_use_rogan_gladen_and_cover() -> None:
    sens, spec = 0.75, 0.85
    matrix = np.array([[sens, 1 - spec], [1 - sens, spec]])
    covered = raw_hits = 0
    for seed in range(100):
        rng = np.random.default_rng(1000 + seed)
        counts, cells, true_share = _simulate(rng, np.array([0.2, 0.8]), matrix, 3000, 400)
        (fixed,) = correct_counts([counts.tolist()], cells, replicates=400, seed=seed)
        assert fixed is not None
        covered += fixed.low[0] <= true_share[0] <= fixed.high[0]
        raw = fixed.observed[0]
        raw_hits += abs(raw - true_share[0]) <= 1.96 * np.sqrt(raw * (1 - raw) / fixed.n)
    assert covered >= 90
    assert raw_hits < 10


def test_rogan_gladen_point_estimate_matches_methods_example() -> None:
    # METHODS.md §6: p_obs = 0.15, sens = 0.834, spec = 0.95 -> 0.12755
    cells = np.array([[834.0, 50.0], [166.0, 950.0]])
    (fixed,) = correct_counts([[150, 850]], cells, replicates=50)
    assert fixed is not None
    assert abs(fixed.corrected[0] - 0.12755) < 1e-4


def test_an_empty_vector_gives_none() -> None:
    assert correct_counts([[0, 0, 0]], np.eye(3) * 10, replicates=10) == [None]
