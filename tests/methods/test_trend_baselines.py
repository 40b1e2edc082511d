"""Twitter whitepaper Poisson baselines, checked against Poisson quantiles summed by hand."""

from __future__ import annotations

import math

import pytest

from groundswell.errors import EstimationError
from groundswell.methods.trend_baselines import (
    confidence_width,
    cycle_corrected_poisson,
    eta,
    point_by_point_poisson,
)


def _quantile(q: float, mean: float) -> int:
    """Smallest k with P(X <= k) >= q for X ~ Poisson(mean), from the pmf e^-m m^k / k!."""
    k, term = 0, math.exp(-mean)
    cdf = term
    while cdf < q:
        k += 1
        term *= mean / k
        cdf += term
    return k


def _width(alpha: float, mean: float) -> int:
    return _quantile((1 + alpha) / 2, mean) - _quantile((1 - alpha) / 2, mean)


def test_width_for_mean_one_by_hand() -> None:
    # Poisson(1) cdf: 0.3679, 0.7358, 0.9197, 0.9810, 0.99634 -> 99% interval [0, 4]
    assert confidence_width(0.99, 1.0) == 4.0


@pytest.mark.parametrize("mean", [0.5, 1.0, 2.5, 9.0, 30.0, 123.4])
@pytest.mark.parametrize("alpha", [0.9, 0.95, 0.99])
def test_width_matches_hand_quantiles(alpha: float, mean: float) -> None:
    assert confidence_width(alpha, mean) == _width(alpha, mean)


def test_point_by_point_whitepaper_rule() -> None:
    # previous count 1: CI = 4, so c >= eta_c * 4 + 1 is a trend
    scores = point_by_point_poisson([1, 9, 9, 5], alpha=0.99, eta_c=1.0)
    assert scores.background == (None, 1.0, 9.0, 9.0)
    assert scores.eta[0] is None
    assert scores.eta[1] == pytest.approx((9 - 1) / 4)
    assert scores.eta[2] == pytest.approx(0.0)
    assert scores.eta[3] == pytest.approx((5 - 9) / _width(0.99, 9))
    assert scores.trending == (False, True, False, False)
    # the threshold is inclusive: c = eta_c * CI + nu exactly is a trend
    assert point_by_point_poisson([1, 5], eta_c=1.0).trending == (False, True)
    assert point_by_point_poisson([1, 4], eta_c=1.0).trending == (False, False)


def test_zero_background_is_undefined_not_zero() -> None:
    assert eta(5, 0.0, 0.99) is None
    scores = point_by_point_poisson([0, 5])
    assert scores.eta == (None, None)
    assert scores.trending == (False, False)
    assert point_by_point_poisson([]).eta == ()


def test_cycle_corrected_uses_same_phase_of_previous_cycles() -> None:
    # period 3: a daily-like peak at phase 1, then a real spike at index 7
    counts = [2, 10, 4, 4, 10, 6, 3, 30, 5]
    scores = cycle_corrected_poisson(counts, period=3, alpha=0.99, eta_c=1.0)
    assert scores.background == (None, None, None, 2.0, 10.0, 4.0, 3.0, 10.0, 5.0)
    assert scores.eta[4] == pytest.approx(0.0)
    assert scores.eta[7] == pytest.approx((30 - 10) / _width(0.99, 10))
    assert scores.trending[7] is True
    assert scores.trending[4] is False
    # Poisson(4): P(X <= 9) = 0.9919, P(X <= 10) = 0.9972, P(0) = 0.018 -> 99% interval [0, 10]
    assert _width(0.99, 4) == 10
    # at eta_c = 0.5 the point-by-point model flags the expected peak at index 4 (10 after 4),
    # which the cycle-corrected model does not
    pbp = point_by_point_poisson(counts, alpha=0.99, eta_c=0.5)
    assert pbp.eta[4] == pytest.approx(0.6)
    assert pbp.trending[4] is True
    assert cycle_corrected_poisson(counts, period=3, eta_c=0.5).trending[4] is False


def test_cycle_corrected_window_of_cycles() -> None:
    counts = [2, 0, 4, 0, 9, 0]
    assert cycle_corrected_poisson(counts, period=2).background[4] == pytest.approx(3.0)
    assert cycle_corrected_poisson(counts, period=2, cycles=1).background[4] == pytest.approx(4.0)


def test_bad_parameters() -> None:
    with pytest.raises(EstimationError):
        cycle_corrected_poisson([1, 2], period=0)
    with pytest.raises(EstimationError):
        confidence_width(1.0, 3.0)
