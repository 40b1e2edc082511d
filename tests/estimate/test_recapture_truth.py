"""Capture-recapture intervals contain a simulated population's known size when the assumptions hold."""

from __future__ import annotations

import numpy as np

from groundswell.estimate.lists import CaptureTable
from groundswell.estimate.recapture import estimate_captures
from groundswell.methods.capture_recapture import pattern_counts
from tests.estimate.population import draw

SIZE = 1500


def _table(histories: np.ndarray, names: tuple[str, ...]) -> CaptureTable:
    counts = pattern_counts(histories.tolist(), len(names))
    return CaptureTable("platforms", names, counts, sum(counts), "people", None, None, ())


def test_chapman_covers_the_truth_with_two_independent_lists() -> None:
    hits = 0
    for seed in range(100):
        population = draw(seed, SIZE, (0.3, 0.25))
        result = estimate_captures(_table(population.histories, population.platforms))
        assert result.chapman is not None
        low, high = result.chapman.ci
        hits += low <= SIZE <= high
        assert any("cannot be tested" in w for w in result.warnings)
    assert hits >= 90, hits


def test_loglinear_covers_the_truth_with_three_independent_lists() -> None:
    hits = 0
    for seed in range(100):
        population = draw(1000 + seed, SIZE, (0.3, 0.2, 0.25))
        table = _table(population.histories, population.platforms)
        (model,) = estimate_captures(table, ["independence"]).models
        assert model.ci[1] is not None
        hits += model.ci[0] <= SIZE <= model.ci[1]
    assert hits >= 90, hits


def test_the_model_chosen_by_aic_covers_the_truth_too() -> None:
    """The headline after model selection: the span of the models within 2 AIC (50 seeds, quick)."""
    hits = 0
    for seed in range(50):
        population = draw(3000 + seed, SIZE, (0.3, 0.2, 0.25))
        headline = estimate_captures(_table(population.histories, population.platforms)).headline()
        assert headline is not None
        low, high = headline[1]
        hits += low <= SIZE <= (high if high is not None else np.inf)
    assert hits >= 45, hits


def test_dependent_lists_are_flagged() -> None:
    flagged = 0
    for seed in range(10):
        population = draw(2000 + seed, 4000, (0.3, 0.2, 0.25), dependence=1.5)
        result = estimate_captures(_table(population.histories, population.platforms))
        independence = next(m for m in result.models if m.spec == "independence")
        flagged += any("not independent" in w for w in result.warnings)
        # positive dependence: the independence estimate falls short of the truth
        assert independence.N < 4000
    assert flagged >= 9, flagged
