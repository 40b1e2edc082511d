"""Coverage of the collection: days with no posts at all, deletions, quarantine and rate-limit notes."""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from groundswell.store.batch import reason_category
from groundswell.store.store import Store

__all__ = ["Coverage", "measure_coverage"]

_RATE_LIMIT = re.compile(r"rate[ -_]?limit|\b429\b|too many requests|throttl", re.IGNORECASE)
_MAX_GAPS_LISTED = 20
_NEIGHBOURS = 3
_IMPROBABLE_EMPTY_RATE = math.log(100)


@dataclass(frozen=True)
class Coverage:
    """How complete the collection looks inside the window ``[start, end]`` (UTC days, inclusive).

    Attributes:
        start, end: the window measured (None when there are no posts).
        days: days in the window.
        missing_days: days in the window with no post at all (of any kind, movement or not).
        gaps: runs of missing days ``(first, last)``, longest first (at most 20 listed).
        missing_fraction: ``missing_days / days`` (0 when ``days`` is 0).
        deleted_posts: posts in the window kept only as deleted rows.
        deletion_requests: deletion events recorded by the ingest (any time).
        quarantined: records that could not be read (any time), with reasons.
        rate_limit_notes: ingest notes per file that mention rate limits.
        per_platform_missing_days: days in the window with no post on each platform.
        voices_in_window: voices whose first matching post falls in the window.
        gap_days: empty days that are collection gaps, not quiet days: the (up to) 3 covered days
            either side hold so many posts (median > ln 100 ≈ 4.6 a day) that a Poisson day with
            none would happen less than 1% of the time.
        expected_missed_voices: new voices the gap days would have brought, interpolated as
            the mean of new voices on the (up to) 3 covered days either side of each gap day.
    """

    start: date | None
    end: date | None
    days: int
    missing_days: int
    gaps: tuple[tuple[date, date], ...]
    missing_fraction: float
    deleted_posts: int
    deletion_requests: int
    quarantined: int
    quarantine_reasons: dict[str, int]
    rate_limit_notes: tuple[tuple[str, str], ...]
    per_platform_missing_days: dict[str, int]
    voices_in_window: int = 0
    expected_missed_voices: float = 0.0
    gap_days: int = 0

    @property
    def missed_fraction(self) -> float:
        """Share of the window's voices estimated to be missed: ``e / (v + e)``."""
        total = self.voices_in_window + self.expected_missed_voices
        return self.expected_missed_voices / total if total > 0 else 0.0

    @property
    def inflation(self) -> float:
        """Factor ``(v + e) / v`` by which upper bounds are widened for the missing days."""
        return 1.0 / (1.0 - self.missed_fraction)


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Group sorted days into runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _around(day: date, covered: list[date]) -> list[date]:
    """The (up to) ``_NEIGHBOURS`` covered days on each side of ``day``."""
    at = bisect.bisect_left(covered, day)
    return covered[max(0, at - _NEIGHBOURS) : at] + covered[at : at + _NEIGHBOURS]


def _gaps_and_missed(
    posts: dict[date, int], new: dict[date, int], covered: list[date], empty: list[date]
) -> tuple[list[date], float]:
    """Empty days improbable under the neighbours' post rate, and the new voices they would hold."""
    gaps: list[date] = []
    missed = 0.0
    for day in empty:
        around = _around(day, covered)
        if not around:
            continue
        rate = statistics.median(posts[d] for d in around)
        if rate > _IMPROBABLE_EMPTY_RATE:
            gaps.append(day)
            missed += sum(new.get(d, 0) for d in around) / len(around)
    return gaps, missed


def measure_coverage(
    store: Store, start: date | None, end: date | None, first_days: dict[date, int] | None = None
) -> Coverage:
    """Measure gaps and losses of the collection between ``start`` and ``end`` (UTC days).

    ``first_days`` gives new voices per day (voices by the day of their first matching post),
    to estimate how many voices the missing days would have brought.
    """
    con = store.connection
    deletion_requests = _scalar(store, "SELECT count(*) FROM deletions")
    quarantined_rows = con.execute("SELECT reason, count(*) FROM quarantine GROUP BY 1").fetchall()

    reasons: dict[str, int] = {}
    for reason, count in quarantined_rows:
        category = reason_category(str(reason))
        reasons[category] = reasons.get(category, 0) + int(count)
    notes = tuple(
        (str(path), str(note))
        for path, note in con.execute(
            "SELECT path, note FROM files WHERE note IS NOT NULL ORDER BY path"
        ).fetchall()
        if _RATE_LIMIT.search(str(note))
    )
    if start is None or end is None or end < start:
        return Coverage(
            None,
            None,
            0,
            0,
            (),
            0.0,
            0,
            deletion_requests,
            sum(reasons.values()),
            reasons,
            notes,
            {},
        )
    bounds = [start, end + timedelta(days=1)]
    present: dict[date, int] = {
        row[0]: int(row[1])
        for row in con.execute(
            "SELECT CAST(created_at AS DATE), count(*) FROM posts "
            "WHERE created_at >= ? AND created_at < ? GROUP BY 1",
            bounds,
        ).fetchall()
    }
    days = (end - start).days + 1
    every_day = [start + timedelta(days=k) for k in range(days)]
    missing = [day for day in every_day if day not in present]
    per_platform: dict[str, int] = {}
    for platform, seen in con.execute(
        "SELECT platform, count(DISTINCT CAST(created_at AS DATE)) FROM posts "
        "WHERE created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 1",
        bounds,
    ).fetchall():
        per_platform[str(platform)] = days - int(seen)
    new = {day: n for day, n in (first_days or {}).items() if start <= day <= end}
    covered = [day for day in every_day if day in present]
    gap_days, expected = _gaps_and_missed(present, new, covered, missing)
    gaps = sorted(_runs(missing), key=lambda run: (-(run[1] - run[0]).days, run[0]))
    deleted = _scalar(
        store,
        "SELECT count(*) FROM posts WHERE deleted AND created_at >= ? AND created_at < ?",
        bounds,
    )
    return Coverage(
        start,
        end,
        days,
        len(missing),
        tuple(gaps[:_MAX_GAPS_LISTED]),
        len(missing) / days,
        deleted,
        deletion_requests,
        sum(reasons.values()),
        reasons,
        notes,
        per_platform,
        sum(new.values()),
        expected,
        len(gap_days),
    )


def _scalar(store: Store, sql: str, parameters: Sequence[object] | None = None) -> int:
    """One integer from a query (0 when it returns nothing)."""
    row = store.connection.execute(sql, list(parameters or [])).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
