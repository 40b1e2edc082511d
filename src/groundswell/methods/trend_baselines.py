"""Poisson trend baselines from Twitter's whitepaper "Trend Detection in Social Data".

Hendrickson, Kolb, Lehman and Montague (Twitter, Inc.), "Trend Detection in Social Data",
sections 3.1 and 3.2, with reference code in github.com/twitterdev/Gnip-Trend-Detection
(``gnip_trend_detection/models.py``, class ``Poisson``).

Counts c_i per interval are assumed Poisson around a background mean nu. The atypicality of a count
is eta in c_i = eta * CI(alpha, nu) + nu, where CI(alpha, nu) is the width of the central
confidence interval of level alpha of a Poisson(nu) variable (upper minus lower quantile, as
``scipy.stats.poisson.interval`` gives them in the reference code); a count is a trend when
eta >= eta_c, i.e. c_i >= eta_c * CI(alpha, nu) + nu.

- **point-by-point**: nu = c_{i-1}, the previous count (whitepaper eq. 2-3).
- **cycle-corrected**: nu = the mean of the counts at the same phase of earlier cycles (the same
  hour on previous days for hourly counts with ``period=24``), optionally only the last
  ``cycles`` of them (whitepaper section 3.2: "the average value from the same hour on previous
  days").

Two documented choices: eta is signed (the whitepaper considers only atypical increases; the
reference code uses |c - nu|, which also flags falls), and the cycle-corrected mean uses previous
cycles only, as the paper says (the reference code's running average includes the current count).
Where nu is 0 or there is no history, eta is None (undefined, not zero) and the step is not a trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from groundswell.errors import EstimationError

__all__ = [
    "TrendScores",
    "confidence_width",
    "cycle_corrected_poisson",
    "eta",
    "point_by_point_poisson",
]


@dataclass(frozen=True, slots=True)
class TrendScores:
    """Per-interval results of a Poisson baseline.

    Attributes:
        background: the Poisson mean nu used for each interval (None where there is no history).
        eta: the figure of merit (None where nu is missing or 0).
        trending: whether eta >= eta_c.
    """

    background: tuple[float | None, ...]
    eta: tuple[float | None, ...]
    trending: tuple[bool, ...]


def confidence_width(alpha: float, mean: float) -> float:
    """Return CI(alpha, mean): the upper minus the lower bound of the central Poisson interval.

    The bounds are the (1 - alpha)/2 and (1 + alpha)/2 quantiles of Poisson(mean).
    """
    if not 0 < alpha < 1:
        raise EstimationError(f"the confidence level alpha must be in (0, 1), got {alpha}")
    from scipy.stats import poisson  # imported here: scipy.stats takes a second to load

    lower, upper = poisson.interval(alpha, mean)
    return float(upper - lower)


def eta(count: float, mean: float | None, alpha: float) -> float | None:
    """Return the whitepaper's eta = (count - mean) / CI(alpha, mean); None if mean is None or 0."""
    if mean is None or mean <= 0:
        return None
    width = confidence_width(alpha, mean)
    if width == 0:
        return None
    return (count - mean) / width


def _scores(
    counts: Sequence[float], means: Sequence[float | None], alpha: float, eta_c: float
) -> TrendScores:
    etas = tuple(eta(c, m, alpha) for c, m in zip(counts, means, strict=True))
    trending = tuple(e is not None and e >= eta_c for e in etas)
    return TrendScores(tuple(means), etas, trending)


def point_by_point_poisson(
    counts: Sequence[float], alpha: float = 0.99, eta_c: float = 1.0
) -> TrendScores:
    """Score each count against the previous count as Poisson mean (the first has no background)."""
    means: list[float | None] = [None, *(float(c) for c in counts[:-1])] if counts else []
    return _scores(counts, means, alpha, eta_c)


def cycle_corrected_poisson(
    counts: Sequence[float],
    period: int,
    alpha: float = 0.99,
    eta_c: float = 1.0,
    cycles: int | None = None,
) -> TrendScores:
    """Score each count against the mean of the counts one, two, ... periods earlier.

    ``period`` is the number of intervals in a cycle (24 for hourly counts and a daily cycle,
    168 for a weekly one); ``cycles`` limits the mean to the most recent cycles (all by default).
    The first ``period`` intervals have no background.
    """
    if period < 1:
        raise EstimationError(f"period must be a positive number of intervals, got {period}")
    if cycles is not None and cycles < 1:
        raise EstimationError(f"cycles must be positive or None, got {cycles}")
    means: list[float | None] = []
    for i in range(len(counts)):
        earlier = [float(counts[j]) for j in range(i - period, -1, -period)]
        if cycles is not None:
            earlier = earlier[:cycles]
        means.append(sum(earlier) / len(earlier) if earlier else None)
    return _scores(counts, means, alpha, eta_c)
