"""Timestamps of tabular imports: ISO 8601, Twitter's, unix seconds or ms, day- or month-first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from groundswell.errors import ColumnMapError, RecordError

__all__ = ["parse_timestamp", "resolve_timezone"]

_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# 03/16/2019 14:03, 16.03.2019 14:03:51, 3/16/19 2:03 PM, 2019/03/16 14:03:51
_SLASHED = re.compile(
    r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*([AaPp][Mm])?)?$"
)
_ZONE_WORDS = (" UTC", " GMT", "UTC", "GMT")
_TWITTER = "%a %b %d %H:%M:%S %z %Y"


@lru_cache(maxsize=64)
def resolve_timezone(name: str, source: str = "timezone") -> tzinfo:
    """Return the zone named by ``name``: ``UTC``, an IANA name, or a fixed offset ``+05:30``."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    match = _OFFSET.match(name.strip())
    if match:
        sign = -1 if match.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ColumnMapError(
            f"{source}: unknown timezone {name!r}; use an IANA name like Europe/Berlin, "
            "UTC, or an offset like +05:30"
        ) from None


def _offset_minutes(moment: datetime) -> int | None:
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def _from_unix(number: float, value: object) -> datetime:
    """Seconds, or milliseconds when the number is too large to be seconds (after 5138 AD)."""
    seconds = number / 1000 if abs(number) >= 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"timestamp {value!r} is out of range") from None


def _slashed(text: str, dayfirst: bool) -> datetime | None:
    match = _SLASHED.match(text)
    if not match:
        return None
    first, sep, second, third = match.group(1), match.group(2), match.group(3), match.group(4)
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        year = int(third) + (2000 if len(third) == 2 else 0)
        day_first = dayfirst or sep == "."  # 16.03.2019 is always day-first
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    hour, minute = int(match.group(5) or 0), int(match.group(6) or 0)
    second_ = int(match.group(7) or 0)
    micro = int((match.group(8) or "0").ljust(6, "0"))
    meridiem = (match.group(9) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise RecordError(f"timestamp {text!r}: hour {hour} with {meridiem.upper()}")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return datetime(year, month, day, hour, minute, second_, micro)
    except ValueError as exc:
        hint = "" if len(first) == 4 else " (check the dayfirst option)"
        raise RecordError(f"timestamp {text!r}: {exc}{hint}") from None


def _parse_text(text: str, fmt: str | None, dayfirst: bool) -> datetime:
    if fmt == "unix" or fmt == "unix_ms":
        try:
            number = float(text)
        except ValueError:
            raise RecordError(f"timestamp {text!r} is not a number ({fmt})") from None
        return _from_unix(number / 1000 if fmt == "unix_ms" else number, text)
    if fmt:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            raise RecordError(f"timestamp {text!r} does not match format {fmt!r}") from None
    if _NUMBER.match(text):
        if len(text) == 8:  # 20190316
            return datetime.strptime(text, "%Y%m%d")
        return _from_unix(float(text), text)
    for word in _ZONE_WORDS:
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)].rstrip() + "+00:00"
            break
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.strptime(text, _TWITTER)
    except ValueError:
        pass
    slashed = _slashed(text, dayfirst)
    if slashed is not None:
        return slashed
    try:
        return parsedate_to_datetime(text)  # RFC 2822: "Wed, 10 Oct 2018 20:19:24 +0000"
    except (TypeError, ValueError, IndexError):
        pass
    raise RecordError(
        f"timestamp {text!r} is in no known format; give --map timestamp_format=PATTERN "
        "(strptime, unix or unix_ms)"
    )


def parse_timestamp(
    value: Any,
    *,
    zone: tzinfo = UTC,
    fmt: str | None = None,
    dayfirst: bool = False,
) -> tuple[datetime, int | None]:
    """Return (the time in UTC, its offset from UTC in minutes) for one cell.

    A value with an offset (``Z``, ``+02:00``, Twitter's ``+0000``) keeps it as the offset. A value
    without one is taken to be in ``zone`` (default UTC); its offset is that of ``zone`` at that
    time when ``zone`` is not UTC (the user declared it), and None when UTC was only assumed.
    Unix times (numbers; milliseconds when they are too large for seconds) have no offset.
    Raises ``RecordError`` for an empty or unreadable value.
    """
    if value is None or isinstance(value, bool):
        raise RecordError("created_at is empty")
    if isinstance(value, int | float):
        return _from_unix(float(value), value), None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        if not text:
            raise RecordError("created_at is empty")
        if _NUMBER.match(text) and fmt is None and len(text) != 8:
            return _from_unix(float(text), text), None
        if fmt in ("unix", "unix_ms"):
            return _parse_text(text, fmt, dayfirst), None
        moment = _parse_text(text, fmt, dayfirst)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
        given = None if zone is UTC else _offset_minutes(moment)
        return moment.astimezone(UTC), given
    return moment.astimezone(UTC), _offset_minutes(moment)
