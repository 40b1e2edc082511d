"""Reddit comments and submissions to posts, from API listings, single things and Pushshift dumps.

A post's id is the fullname (``t1_…`` comment, ``t3_…`` submission). A submission's text is its
``title``, a blank line and its ``selftext`` (title alone when there is none); a comment's is its
``body``. Comments are replies: ``reply_to_id`` is ``parent_id``, ``conversation_id`` the
submission (``link_id``). A submission with ``crosspost_parent`` is a repost of that submission
(it keeps its own title as text). Counts: ``score`` → likes, ``num_comments`` → replies,
``num_crossposts`` → reposts. ``[deleted]`` authors become None. Reddit gives no hashtag entities,
so hashtags are extracted from the text; ``u/name`` mentions are scrubbed and kept as handle
pseudonyms (Reddit gives only names for them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Engagement, Item, NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.reddit.detect import bare_kind
from groundswell.text.hashtags import extract_hashtags

PLATFORM = "reddit"
FORMAT = "reddit"
DELETED_AUTHORS = frozenset({"[deleted]", "[removed]", ""})
_USER = re.compile(r"(?<![\w/])(/?u/)([A-Za-z0-9_-]{3,20})(?![\w-])")


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield the comments and submissions of one listing, thing or dump line."""
    things: list[tuple[str, dict[str, Any]]] = []
    skipped: list[str] = []
    _collect(document.value, things, skipped)
    posts = [_post(kind, data, context, document.source) for kind, data in things]
    yield from posts
    for kind, data in things:
        parent = data.get("crosspost_parent_list")
        if kind == "t3" and isinstance(parent, list):
            for embedded in parent:
                if isinstance(embedded, dict) and embedded.get("id"):
                    yield _post("t3", embedded, context, document.source, direct=False)
    if not posts:
        what = ", ".join(sorted(set(skipped))) or "empty listing"
        yield NoPosts(f"reddit payload without comments or submissions ({what})", document.source)


def _collect(value: Any, things: list[tuple[str, dict[str, Any]]], skipped: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, things, skipped)
        return
    if not isinstance(value, dict):
        raise RecordError("not a Reddit listing, thing or Pushshift object")
    kind, data = value.get("kind"), value.get("data")
    if kind == "Listing" and isinstance(data, dict):
        for child in data.get("children") or []:
            _collect(child, things, skipped)
    elif kind in ("t1", "t3") and isinstance(data, dict):
        things.append((str(kind), data))
        if isinstance(data.get("replies"), dict):
            _collect(data["replies"], things, skipped)
    elif isinstance(kind, str) and isinstance(data, dict):
        skipped.append(kind)
    elif (bare := bare_kind(value)) is not None:
        things.append((bare, value))
    else:
        raise RecordError("not a Reddit listing, thing or Pushshift object")


def _fullname(kind: str, data: dict[str, Any]) -> str:
    name = data.get("name")
    if isinstance(name, str) and name.startswith(f"{kind}_"):
        return name
    if not data.get("id"):
        raise RecordError(f"reddit {kind} without id or name")
    return f"{kind}_{data['id']}"


def _created(data: dict[str, Any], fullname: str) -> datetime:
    value = data.get("created_utc")
    try:
        return datetime.fromtimestamp(float(value), UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as exc:
        raise RecordError(f"reddit {fullname}: created_utc {value!r} is not a unix time") from exc


def _count(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ref(kind: str, value: Any) -> str | None:
    """A fullname from ``link_id``/``parent_id``/``crosspost_parent`` (bare ids get the prefix)."""
    if not isinstance(value, str) or not value:
        return None
    return value if re.match(r"^t\d_", value) else f"{kind}_{value}"


def _kind(kind: str, crosspost: str | None) -> PostKind:
    if kind == "t1":
        return PostKind.REPLY
    return PostKind.REPOST if crosspost else PostKind.ORIGINAL


def _hashtags(text: str) -> tuple[str, ...]:
    return tuple(h.tag.lstrip("#＃") for h in extract_hashtags(text, platform=PLATFORM))


def _post(
    kind: str,
    data: dict[str, Any],
    context: ParseContext,
    source: SourceRef,
    *,
    direct: bool = True,
) -> Post:
    pseudonyms = context.pseudonyms
    fullname = _fullname(kind, data)
    name = str(data.get("author") or "")
    account = data.get("author_fullname") or (name if name not in DELETED_AUTHORS else None)
    if kind == "t1":
        written = str(data.get("body") or "")
    else:
        title, body = str(data.get("title") or ""), str(data.get("selftext") or "")
        written = f"{title}\n\n{body}" if body else title
    mentioned: list[str] = []

    def scrub_user(match: re.Match[str]) -> str:
        mentioned.append(pseudonyms.handle(PLATFORM, match.group(2)))
        return match.group(1) + pseudonyms.handle(PLATFORM, match.group(2))

    text = pseudonyms.scrub_text(PLATFORM, _USER.sub(scrub_user, written))
    crosspost = _ref("t3", data.get("crosspost_parent")) if kind == "t3" else None
    link = data.get("url") if kind == "t3" and not data.get("is_self") else None
    raw_data = {k: v for k, v in data.items() if k != "replies"}
    raw = orjson.dumps({"kind": kind, "data": raw_data})
    return Post(
        platform=PLATFORM,
        id=fullname,
        author=pseudonyms.account(PLATFORM, str(account)) if account else None,
        kind=_kind(kind, crosspost),
        created_at=_created(data, fullname),
        text=text,
        source=source,
        format=FORMAT,
        raw=raw,
        author_handle=pseudonyms.handle(PLATFORM, name) if name not in DELETED_AUTHORS else None,
        utc_offset_minutes=0,
        reply_to_id=_ref("t1", data.get("parent_id")) if kind == "t1" else None,
        reposted_id=crosspost,
        conversation_id=_ref("t3", data.get("link_id")) if kind == "t1" else fullname,
        hashtags=_hashtags(written),
        mentions=tuple(dict.fromkeys(mentioned)),
        links=(str(link),) if isinstance(link, str) and link else (),
        engagement=Engagement(
            replies=_count(data, "num_comments") if kind == "t3" else None,
            reposts=_count(data, "num_crossposts") if kind == "t3" else None,
            likes=_count(data, "score"),
        ),
        direct=direct,
    )
