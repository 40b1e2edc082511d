"""Voices, bursts and origin on a generated store whose truth is known (DuckDB)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundswell.measures import Tally, VoicesOverTime, connect, measure_movement
from groundswell.measures.frames import resolve_window
from groundswell.store import Store
from tests.measures.generator import EPOCH, MOVEMENT, Truth


def test_daily_series_is_exact(small: tuple[Store, Truth]) -> None:
    store, truth = small
    result = measure_movement(store, MOVEMENT).to_json_dict()
    series = result["series"]
    assert [s["voices"] for s in series] == truth.voices
    assert [s["new_voices"] for s in series] == truth.new_voices
    assert [s["cumulative_voices"] for s in series] == truth.cumulative_voices
    assert [s["posts"] for s in series] == truth.posts
    assert [s["all_posts"] for s in series] == truth.all_posts
    assert result["totals"]["voices"] == truth.cumulative_voices[-1]
    assert series[0]["start"] == "2017-10-01T00:00:00Z"


def test_ignition_within_one_interval_of_true_start(small: tuple[Store, Truth]) -> None:
    store, truth = small
    origin = measure_movement(store, MOVEMENT).origin
    assert origin.ignition is not None
    true_start = EPOCH + timedelta(days=truth.surge_day)
    assert abs(origin.ignition - true_start) <= timedelta(days=1)
    assert origin.earliest_use is not None and origin.earliest_use < origin.ignition
    assert origin.gap_days == (origin.ignition - origin.earliest_use).total_seconds() / 86_400


def test_call_to_action_ranked_first_among_seeds(small: tuple[Store, Truth]) -> None:
    store, truth = small
    found = measure_movement(store, MOVEMENT).origin.seeds
    assert (found[0].platform, found[0].id) == truth.call_to_action
    assert found[0].new_voices_brought > 10 * found[1].new_voices_brought
    named = measure_movement(store, MOVEMENT, call_to_action=[truth.call_to_action]).origin.seeds
    assert [(s.id, s.reason) for s in named] == [("cta", "call to action")]
    assert named[0].new_voices_brought == found[0].new_voices_brought


def test_first_use_of_each_variant(small: tuple[Store, Truth]) -> None:
    store, truth = small
    uses = measure_movement(store, MOVEMENT).origin.first_uses
    assert {u.variant: u.id for u in uses} == truth.first_use


def test_local_time_zone_shifts_days(small: tuple[Store, Truth]) -> None:
    store, truth = small
    utc = measure_movement(store, MOVEMENT, tz="UTC").series.intervals
    tokyo = measure_movement(store, MOVEMENT, tz="Asia/Tokyo").series.intervals
    assert tokyo[0].start == datetime(2017, 9, 30, 15)  # local midnight, in UTC
    assert sum(i.posts for i in tokyo) == sum(i.posts for i in utc) == sum(truth.posts)
    assert tokyo[-1].cumulative_voices == utc[-1].cumulative_voices


def test_weekly_and_hourly_intervals_add_up(small: tuple[Store, Truth]) -> None:
    store, truth = small
    weeks = measure_movement(store, MOVEMENT, interval="week").series.intervals
    assert weeks[0].start == datetime(2017, 9, 25)  # the Monday before 2017-10-01
    assert sum(w.new_voices for w in weeks) == truth.cumulative_voices[-1]
    hours = measure_movement(
        store, MOVEMENT, interval="hour", start=EPOCH, end=EPOCH + timedelta(days=2)
    ).series.intervals
    assert len(hours) == 48
    assert sum(h.posts for h in hours) == sum(truth.posts[:2])


_days = st.integers(min_value=0, max_value=29)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=_days, b=_days, widen_left=st.integers(0, 10), widen_right=st.integers(0, 10))
def test_voices_never_decrease_as_window_grows(
    small: tuple[Store, Truth], a: int, b: int, widen_left: int, widen_right: int
) -> None:
    store, _ = small
    engine = connect(store)
    lo, hi = min(a, b), max(a, b) + 1

    def voices(start: int, end: int) -> tuple[int, int]:
        window = resolve_window(
            "day", "UTC", EPOCH + timedelta(days=start), EPOCH + timedelta(days=end), None
        )
        totals = Tally(MOVEMENT, window).run(engine, ["metoo"]).totals
        last = VoicesOverTime(MOVEMENT, window).run(engine).intervals[-1].cumulative_voices
        return totals.voices, last

    inner = voices(lo, hi)
    outer = voices(lo - widen_left, hi + widen_right)
    assert outer[0] >= inner[0]
    assert outer[1] >= inner[1]
