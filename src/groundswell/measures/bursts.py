"""Bursts: Kleinberg's two-state model on the movement's share, infinite-state on adoption times,
and Twitter's Poisson baselines, mapped from indices back to times."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from groundswell.errors import EstimationError
from groundswell.measures.voices import VoicesSeries
from groundswell.methods.kleinberg import batched_bursts
from groundswell.methods.kleinberg_stream import spread_ties, stream_bursts
from groundswell.methods.trend_baselines import cycle_corrected_poisson, point_by_point_poisson

__all__ = ["BurstFinder", "Bursts", "TimedBurst", "Trend"]

_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class TimedBurst:
    """A burst with naive UTC ``start`` and ``end`` (end: the end of its last interval or event)."""

    start: datetime
    end: datetime
    level: int
    weight: float


@dataclass(frozen=True, slots=True)
class Trend:
    """An interval the Poisson baseline flags as trending (``eta`` >= the threshold)."""

    start: datetime
    eta: float
    method: str


@dataclass(frozen=True, slots=True)
class Bursts:
    """All burst results; ``notes`` say in plain words what could not be computed and why."""

    two_state: tuple[TimedBurst, ...]
    infinite_state: tuple[TimedBurst, ...]
    poisson: tuple[Trend, ...]
    notes: tuple[str, ...]


def _seconds(moment: datetime) -> float:
    return (moment - _EPOCH).total_seconds()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)


class BurstFinder:
    """Find bursts of the movement's share per interval and of its new voices' arrival times."""

    name = "bursts"
    title = "Bursts"
    description = "Detect bursts with Kleinberg's two-state and infinite-state models."

    def __init__(
        self,
        s: float = 2.0,
        gamma: float = 1.0,
        alpha: float = 0.99,
        eta_c: float = 1.0,
        max_events: int = 200_000,
    ) -> None:
        self.s = s
        self.gamma = gamma
        self.alpha = alpha
        self.eta_c = eta_c
        self.max_events = max_events

    def run(self, series: VoicesSeries, arrivals: Sequence[datetime]) -> Bursts:
        """Decode the series (r = matched posts, d = all posts) and the arrival times of voices."""
        notes: list[str] = []
        two = self._two_state(series, notes)
        infinite = self._infinite(arrivals, notes)
        counts = [i.posts for i in series.intervals]
        if series.window.interval == "hour":
            scores, method = (
                cycle_corrected_poisson(counts, 24, self.alpha, self.eta_c),
                "cycle-corrected",
            )
        else:
            scores, method = (
                point_by_point_poisson(counts, self.alpha, self.eta_c),
                "point-by-point",
            )
        trends = tuple(
            Trend(i.start, float(e), method)
            for i, e, hot in zip(series.intervals, scores.eta, scores.trending, strict=True)
            if hot and e is not None
        )
        return Bursts(two, infinite, trends, tuple(notes))

    def _two_state(self, series: VoicesSeries, notes: list[str]) -> tuple[TimedBurst, ...]:
        r = [i.posts for i in series.intervals]
        d = [i.all_posts for i in series.intervals]
        # The share means something only where the collection has a baseline: between the first
        # and the last interval holding posts outside the movement.
        baseline = [
            k for k, (matched, total) in enumerate(zip(r, d, strict=True)) if total > matched
        ]
        if not baseline:
            if r:
                notes.append(
                    "Every stored post matches the movement, so its share cannot burst; "
                    "the two-state model was not run (collect a baseline sample to use it)."
                )
            return ()
        lo, hi = baseline[0], baseline[-1]
        if lo > 0 or hi < len(r) - 1:
            notes.append(
                f"Two-state bursts cover {series.intervals[lo].start:%Y-%m-%d} to "
                f"{series.intervals[hi].start:%Y-%m-%d}, where the collection holds posts outside "
                "the movement; outside that span the movement's share is not measured."
            )
        r, d = r[lo : hi + 1], d[lo : hi + 1]
        p0 = sum(r) / sum(d)
        s = self.s
        if p0 * s >= 1:
            s = (1 + 1 / p0) / 2
            notes.append(
                f"The movement's share is high ({p0:.0%}); two-state bursts use s = {s:.3g}."
            )
        try:
            decoded = batched_bursts(r, d, s=s, gamma=self.gamma)
        except EstimationError as exc:
            notes.append(f"Two-state bursts not computed: {exc}.")
            return ()
        step = [i.start for i in series.intervals]
        ends = [*step[1:], series.window.utc_end]
        return tuple(
            TimedBurst(step[lo + int(b.start)], ends[lo + int(b.end)], b.level, b.weight)
            for b in decoded.bursts
            if b.level > 0
        )

    def _infinite(self, arrivals: Sequence[datetime], notes: list[str]) -> tuple[TimedBurst, ...]:
        if len(arrivals) < 2:
            return ()
        if len(arrivals) > self.max_events:
            notes.append(
                f"Infinite-state bursts skipped: {len(arrivals)} voice arrivals exceed the limit "
                f"of {self.max_events}; use the two-state bursts per interval."
            )
            return ()
        seconds = spread_ties([math.floor(_seconds(t)) for t in arrivals], 1.0)
        decoded = stream_bursts(seconds, s=self.s, gamma=self.gamma)
        return tuple(
            TimedBurst(_moment(b.start), _moment(b.end), b.level, b.weight)
            for b in decoded.bursts
            if b.level > 0
        )
