"""Shared Ibis expressions for measures: a movement's posts, their roles, and time-zone buckets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
from ibis.expr.types import Table, TimestampValue

from groundswell.errors import InputError
from groundswell.measures.engine import Engine
from groundswell.measures.export import MEASURED_POST_COLUMNS

__all__ = [
    "INTERVALS",
    "VOICE_KINDS",
    "Window",
    "bucket_expr",
    "floor_local",
    "matched_range",
    "movement_cached",
    "movement_posts",
    "resolve_window",
]

VOICE_KINDS = ("original", "reply", "quote")
INTERVALS = {"hour": "h", "day": "D", "week": "W"}
_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


@dataclass(frozen=True)
class Window:
    """A window of whole intervals in a time zone.

    Attributes:
        start: first interval's start, naive local time in ``tz``.
        end: end of the last interval (exclusive), naive local time.
        interval: ``hour``, ``day`` or ``week`` (weeks start on Monday).
        tz: IANA zone name.
        offsets: (UTC instant from which it applies, offset) pairs covering the window, oldest
            first; a single pair for zones without daylight-saving changes in the window.
    """

    start: datetime
    end: datetime
    interval: str
    tz: str
    offsets: tuple[tuple[datetime, timedelta], ...]

    @property
    def utc_start(self) -> datetime:
        """The window start as naive UTC (how the store keeps times)."""
        return to_utc(self.start, self.tz)

    @property
    def utc_end(self) -> datetime:
        """The window end as naive UTC."""
        return to_utc(self.end, self.tz)

    def starts(self) -> list[datetime]:
        """Every interval start in the window, naive local time."""
        out: list[datetime] = []
        at = self.start
        while at < self.end:
            out.append(at)
            at = at + _STEP[self.interval]
        return out


def to_utc(local: datetime, tz: str) -> datetime:
    """Return a naive local time in ``tz`` as naive UTC."""
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime, tz: str) -> datetime:
    """Return a naive UTC time as naive local time in ``tz``."""
    return utc.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def floor_local(moment: datetime, interval: str) -> datetime:
    """Return the start of the interval holding a naive local time (weeks start on Monday)."""
    if interval == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day if interval == "day" else day - timedelta(days=day.weekday())


def _offsets(
    utc_start: datetime, utc_end: datetime, tz: str
) -> tuple[tuple[datetime, timedelta], ...]:
    zone = ZoneInfo(tz)

    def offset(at: datetime) -> timedelta:
        value = at.replace(tzinfo=UTC).astimezone(zone).utcoffset()
        return value or timedelta(0)

    out = [(utc_start, offset(utc_start))]
    at = utc_start
    while at < utc_end:
        step = min(at + timedelta(days=1), utc_end)
        if offset(step) != out[-1][1]:
            low, high = at, step  # bisect to the second of the change
            while high - low > timedelta(seconds=1):
                mid = low + (high - low) / 2
                low, high = (mid, high) if offset(mid) == out[-1][1] else (low, mid)
            out.append((high.replace(microsecond=0), offset(high)))
        at = step
    return tuple(out)


def resolve_window(
    interval: str,
    tz: str,
    start: datetime | None,
    end: datetime | None,
    data: tuple[datetime, datetime] | None,
) -> Window:
    """Align ``start``/``end`` outward to whole intervals in ``tz``; default to the data's range.

    Naive ``start``/``end`` are read as local times in ``tz``; aware ones are converted.
    ``data`` is the (first, last) matched post time, naive UTC, or None when nothing matched.
    """
    if interval not in INTERVALS:
        raise InputError(f"unknown interval {interval!r}; choose one of {', '.join(INTERVALS)}")
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError) as exc:
        raise InputError(
            f"unknown time zone {tz!r}; give an IANA name such as UTC or Europe/Paris"
        ) from exc

    def local(moment: datetime) -> datetime:
        return moment if moment.tzinfo is None else moment.astimezone(zone).replace(tzinfo=None)

    first = to_local(data[0], tz) if data else datetime(1970, 1, 1)
    last = to_local(data[1], tz) if data else datetime(1970, 1, 1)
    lo = floor_local(local(start) if start else first, interval)
    hi_point = local(end) if end else last
    hi = floor_local(hi_point, interval)
    if hi < hi_point or end is None or hi == lo:
        hi = hi + _STEP[interval]
    if hi <= lo:
        raise InputError(f"the window ends ({hi}) before it starts ({lo}); check start and end")
    offsets = _offsets(to_utc(lo, tz) - timedelta(days=8), to_utc(hi, tz) + timedelta(days=1), tz)
    return Window(lo, hi, interval, tz, offsets)


def local_time(column: TimestampValue, window: Window) -> TimestampValue:
    """Return an expression giving a naive UTC column as naive local time in the window's zone."""
    (_, base), *changes = window.offsets
    if not changes:
        return (
            column
            if base == timedelta(0)
            else column + ibis.interval(seconds=int(base.total_seconds()))
        )
    cases = [
        (column >= ibis.literal(since), column + ibis.interval(seconds=int(shift.total_seconds())))
        for since, shift in reversed(changes)
    ]
    return ibis.cases(*cases, else_=column + ibis.interval(seconds=int(base.total_seconds())))


def bucket_expr(column: TimestampValue, window: Window) -> TimestampValue:
    """Return the start of each value's interval, as naive local time."""
    return local_time(column, window).truncate(INTERVALS[window.interval])


def movement_posts(engine: Engine, movement: str) -> Table:
    """Return the movement's matched, non-deleted posts with ``role`` and ``variant`` columns.

    ``role`` is ``voice`` (an original, reply or quote with a known author), ``amplifier`` (a
    repost with a known author) or null. ``variant`` is the matched hashtag, lower-cased without
    ``#`` (for a repost, the hashtag of the post it reposts), else the lower-cased match detail.
    Inside `movement_cached`, the table is the computed copy.
    """
    if movement in engine.movements:
        return engine.movements[movement]
    posts = engine.posts
    matches = engine.matches
    m = matches.filter(matches.movement == movement).select("platform", "id", "rule", "detail")
    p = posts.filter(~posts.deleted).select(*MEASURED_POST_COLUMNS)
    joined = p.inner_join(m, ["platform", "id"])
    tag = joined.detail.re_extract(r"#([^\s()]+)", 1)
    inner = joined.detail.re_extract(r"^reposts \S+ \((.*)\)$", 1)
    text = ibis.ifelse(inner == "", joined.detail, inner)
    role = ibis.cases(
        ((joined.kind == "repost") & joined.author.notnull(), "amplifier"),
        (joined.kind.isin(VOICE_KINDS) & joined.author.notnull(), "voice"),
        else_=ibis.null("string"),
    )
    return joined.select(  # the match's rule and detail are not kept: nothing reads them
        *MEASURED_POST_COLUMNS,
        role=role,
        variant=ibis.ifelse(tag == "", text, tag).lower(),
    )


@contextmanager
def movement_cached(engine: Engine, movement: str) -> Iterator[Table]:
    """Compute `movement_posts` once; inside the block every measure reads that copy.

    The join of posts and matches is the costly part of most measures; a full run reads the
    movement a dozen times. The copy (a temporary table on DuckDB, a cached DataFrame on Spark)
    is dropped when the block ends.
    """
    if movement in engine.movements:  # already cached by an enclosing block
        yield engine.movements[movement]
        return
    copy = movement_posts(engine, movement).cache()
    engine.movements[movement] = copy
    try:
        yield copy
    finally:
        del engine.movements[movement]
        copy.release()


def matched_range(engine: Engine, movement: str) -> tuple[datetime, datetime] | None:
    """Return the first and last matched post time (naive UTC), or None when nothing matched."""
    table = movement_posts(engine, movement)
    row = table.aggregate(lo=table.created_at.min(), hi=table.created_at.max()).to_pyarrow()
    lo, hi = row["lo"][0].as_py(), row["hi"][0].as_py()
    if lo is None or hi is None:
        return None
    return _naive(lo), _naive(hi)


def _naive(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
