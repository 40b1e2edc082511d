"""Helpers both Twitter importers share: timestamps, text unescaping, counts and link scrubbing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from groundswell.errors import RecordError
from groundswell.privacy.pseudonyms import Pseudonymizer

__all__ = [
    "PLATFORM",
    "count",
    "dedupe",
    "id_string",
    "parse_iso_time",
    "parse_v1_time",
    "scrub_link",
    "scrub_text",
    "unescape",
]

PLATFORM = "twitter"

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_ZONES: dict[int, tzinfo] = {0: UTC}


def _zone(minutes: int) -> tzinfo:
    zone = _ZONES.get(minutes)
    if zone is None:
        zone = _ZONES[minutes] = timezone(timedelta(minutes=minutes))
    return zone


def parse_v1_time(value: object) -> tuple[datetime, int]:
    """Parse a v1.1 ``created_at`` (``Wed Oct 10 20:19:24 +0000 2018``) to (aware time, offset).

    The offset is the minutes east of UTC written in the string (always 0 in Twitter's output);
    ISO 8601 strings, which some archivers write instead, are accepted too.
    """
    if not isinstance(value, str):
        raise RecordError(f"created_at is {type(value).__name__}, expected a string")
    parts = value.split()
    try:
        if len(parts) != 6:
            return parse_iso_time(value)
        hours, minutes, seconds = parts[3].split(":")
        sign = -1 if parts[4][0] == "-" else 1
        offset = sign * (int(parts[4][1:3]) * 60 + int(parts[4][3:5]))
        moment = datetime(
            int(parts[5]),
            _MONTHS[parts[1]],
            int(parts[2]),
            int(hours),
            int(minutes),
            int(seconds),
            tzinfo=_zone(offset),
        )
    except (KeyError, ValueError, IndexError):
        raise RecordError(f"created_at {value!r} is not a Twitter timestamp") from None
    return moment, offset


def parse_iso_time(value: object) -> tuple[datetime, int]:
    """Parse an ISO 8601 time with an offset or ``Z`` (v2 ``2022-10-03T17:57:11.000Z``)."""
    if value is None:
        raise RecordError("no created_at (collect with tweet.fields=created_at)")
    if not isinstance(value, str):
        raise RecordError(f"created_at is {type(value).__name__}, expected a string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"created_at {value!r} is not an ISO 8601 time") from None
    offset = moment.utcoffset()
    if offset is None:
        raise RecordError(f"created_at {value!r} has no UTC offset")
    return moment, int(offset.total_seconds() // 60)


def unescape(text: str) -> str:
    """Undo the HTML escaping Twitter applies to tweet text (``&amp;``, ``&lt;``, ``&gt;`` only)."""
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# A mention as twitter-text finds it: not after a letter, digit, ``_`` or ``!#$%&*@＠``. Unlike the
# generic scrubber, ``.@handle`` (a common way to make a reply public) is a mention here.
_TWITTER_MENTION = re.compile(r"(?<![A-Za-z0-9_!#$%&*@\uff20])[@\uff20]([A-Za-z0-9_]{1,20})(?!\w)")


def scrub_text(text: str, mentioned: list[str], pseudonyms: Pseudonymizer) -> str:
    """Return ``text`` unescaped, with @handles pseudonymised.

    ``pseudonyms.scrub_text`` runs first; then each handle Twitter's own entities name as
    mentioned (``mentioned``) is replaced wherever twitter-text would see it as a mention, which
    catches the forms the generic scrubber leaves (``.@handle``).
    """
    text = pseudonyms.scrub_text(PLATFORM, unescape(text))
    if not pseudonyms.enabled or not mentioned or "@" not in text and "\uff20" not in text:
        return text
    names = {name.casefold() for name in mentioned}

    def replace(match: re.Match[str]) -> str:
        if match.group(1).casefold() not in names:
            return match.group(0)
        return "@" + pseudonyms.handle(PLATFORM, match.group(1))

    return _TWITTER_MENTION.sub(replace, text)


def count(metrics: dict[str, Any], key: str) -> int | None:
    """Return ``metrics[key]`` when it is an integer count, else None (never a default 0)."""
    value = metrics.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def id_string(obj: dict[str, Any], key: str = "id") -> str | None:
    """Return ``obj[key + "_str"]`` or ``str(obj[key])``: ids as strings, never as floats."""
    value = obj.get(key + "_str")
    if isinstance(value, str) and value:
        return value
    value = obj.get(key)
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def dedupe(values: list[str]) -> tuple[str, ...]:
    """Return the values in first-seen order without repeats."""
    return tuple(dict.fromkeys(values))


# twitter.com / x.com links: the first path segment is a screen name unless it is a site path.
_TWITTER_LINK = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com/(?:#!/)?([A-Za-z0-9_]{1,50})([/?#].*)?$",
    re.IGNORECASE,
)
_STATUS_PATH = re.compile(r"^/status(?:es)?/(\d+)", re.IGNORECASE)
_SITE_PATHS = frozenset(
    {
        "i", "hashtag", "search", "intent", "home", "share", "explore", "settings", "messages",
        "notifications", "compose", "login", "signup", "tos", "privacy", "download", "about",
        "account", "who_to_follow", "lists",
    }
)  # fmt: skip


def scrub_link(url: str, post_id: str, pseudonyms: Pseudonymizer) -> str | None:
    """Return a link as stored, or None for the link to the post itself.

    Compat-mode truncation adds ``twitter.com/i/web/status/<own id>``: it is not a link the author
    wrote, so it is dropped. With pseudonyms on, links to tweets become the handle-free permalink
    ``https://twitter.com/i/web/status/<id>`` and other profile links carry the handle's pseudonym,
    so no screen name reaches a post through its links.
    """
    match = _TWITTER_LINK.match(url)
    if match is None:
        return url
    segment, rest = match.group(1), match.group(2) or ""
    if segment.lower() in _SITE_PATHS:
        if segment.lower() == "i" and rest.rstrip("/") == f"/web/status/{post_id}":
            return None
        return url
    if not pseudonyms.enabled:
        return url
    status = _STATUS_PATH.match(rest)
    if status is not None:
        return f"https://twitter.com/i/web/status/{status.group(1)}"
    return f"https://twitter.com/{pseudonyms.handle(PLATFORM, segment)}{rest}"
