"""The two-state share model runs only where the collection has a baseline; early flickers are not the ignition."""

from __future__ import annotations

from datetime import datetime, timedelta

from groundswell.measures.bursts import BurstFinder, TimedBurst
from groundswell.measures.frames import Window
from groundswell.measures.origin import ignition_burst
from groundswell.measures.voices import IntervalCounts, VoicesSeries

START = datetime(2017, 9, 1)


def _series(counts: list[tuple[int, int]]) -> VoicesSeries:
    days = [START + timedelta(days=k) for k in range(len(counts))]
    window = Window(START, days[-1] + timedelta(days=1), "day", "UTC", ((START, timedelta(0)),))
    return VoicesSeries(
        window,
        tuple(
            IntervalCounts(day, r, r, r, r, 0, 0, d, r / d if d else None)
            for day, (r, d) in zip(days, counts, strict=True)
        ),
    )


def test_intervals_without_a_baseline_never_burst() -> None:
    # Ten days of early uses only (every stored post is the movement's), then a baseline of 100
    # posts a day with 1 movement post, and a surge to 60 on days 40-44.
    counts = [(1, 1)] * 10 + [(1, 100)] * 30 + [(60, 100)] * 5 + [(1, 100)] * 15
    bursts = BurstFinder().run(_series(counts), [])
    assert bursts.two_state, "the surge is a burst"
    assert all(b.start >= START + timedelta(days=10) for b in bursts.two_state)
    assert any(b.start == START + timedelta(days=40) for b in bursts.two_state)
    assert any("outside the movement" in note for note in bursts.notes)


def test_only_a_movement_without_any_baseline_has_no_two_state_bursts() -> None:
    bursts = BurstFinder().run(_series([(3, 3)] * 20), [])
    assert bursts.two_state == ()
    assert any("cannot burst" in note for note in bursts.notes)


def test_the_ignition_is_the_first_heavy_burst_not_an_early_flicker() -> None:
    day = timedelta(days=1)
    flicker = TimedBurst(START, START + day, 1, 40.0)
    surge = TimedBurst(START + 40 * day, START + 45 * day, 1, 40_000.0)
    echo = TimedBurst(START + 400 * day, START + 410 * day, 1, 5_000.0)
    nested = TimedBurst(START + 41 * day, START + 42 * day, 2, 90_000.0)
    assert ignition_burst([echo, flicker, nested, surge]) == surge
    assert ignition_burst([flicker]) == flicker
    assert ignition_burst([]) is None
