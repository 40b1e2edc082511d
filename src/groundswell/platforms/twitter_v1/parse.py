"""Turn v1.1 documents (REST arrays, search responses, statuses, stream messages) into items.

Decisions, so that every v1.1 collection reads the same way:

* **kind**: ``repost`` when ``retweeted_status`` is present; else ``reply`` when
  ``in_reply_to_status_id_str`` is set (a reply that also quotes is a reply, with ``quoted_id``
  kept); else ``quote`` when ``is_quote_status`` or ``quoted_status_id_str``; else ``original``.
* **repost**: a retweet has no words of its own, so ``text`` is None and ``reposted_id`` names the
  retweeted status; its hashtags, mentions and links are those of the retweeted status (the
  retweet's own ``RT @…`` text is cut at 140 characters and would lose some).
* **text**: ``extended_tweet.full_text``, else ``full_text``, else ``text``, with Twitter's HTML
  escapes undone and @handles pseudonymised. The whole text is kept (leading reply @handles and
  trailing media links included); ``display_text_range`` is not applied.
* **embedded** statuses (``retweeted_status``, ``quoted_status``, recursively) become posts with
  ``direct=False``; each id is yielded once per document, and a status collected directly in the
  same document is never also yielded as embedded. An embedded status the batch already holds
  (in a stream, every retweet of a viral tweet embeds it) is not built again: the held post is
  yielded instead.
* **times**: ``created_at`` to aware UTC; ``utc_offset_minutes`` is the offset written in
  ``created_at`` (the profile's ``utc_offset`` setting is not the tweet's).
* **stream messages**: ``delete`` gives a ``Deletion``; ``limit``, ``warning``, ``scrub_geo``,
  ``status_withheld`` and the other control messages give ``NoPosts``.
* **raw**: the status object itself (for an embedded status, the embedded object), compact JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Deletion, Engagement, Item, NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.twitter_common import (
    PLATFORM,
    count,
    id_string,
    parse_v1_time,
    scrub_text,
)
from groundswell.platforms.twitter_v1 import entities
from groundswell.platforms.twitter_v1.detect import CONTROL_KEYS, is_status

FORMAT_NAME = "twitter-v1"


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield every post, deletion and note of one v1.1 document (all of them, or RecordError)."""
    return iter(_items(document, context))


def _items(document: Document, context: ParseContext) -> list[Item]:
    value = document.value
    source = document.source
    if isinstance(value, list):
        return _statuses(value, context, source, "array")
    if not isinstance(value, dict):
        raise RecordError(
            f"twitter-v1: expected a status object or array, found {type(value).__name__}"
        )
    statuses = value.get("statuses")
    if isinstance(statuses, list):
        return _statuses(statuses, context, source, "search response")
    if is_status(value):
        # A JSON line is the status's own compact bytes: reuse them instead of re-serialising.
        raw = document.raw if source.line is not None else b""
        return _status_posts([value], context, source, raw)
    return [_control(value, source)]


def _statuses(
    statuses: list[Any], context: ParseContext, source: SourceRef, what: str
) -> list[Item]:
    if not statuses:
        return [NoPosts(f"twitter-v1 empty {what}", source)]
    for index, status in enumerate(statuses):
        if not isinstance(status, dict) or not is_status(status):
            raise RecordError(f"twitter-v1 {what}: item {index} is not a status")
    return _status_posts(statuses, context, source, b"")


def _status_posts(
    statuses: list[dict[str, Any]], context: ParseContext, source: SourceRef, raw: bytes
) -> list[Item]:
    """Build the posts of directly collected statuses, then of the statuses they embed."""
    seen: set[str] = set()
    direct: list[tuple[str, dict[str, Any]]] = []
    for status in statuses:
        status_id = _require_id(status)
        if status_id not in seen:
            seen.add(status_id)
            direct.append((status_id, status))
    posts: list[Item] = []
    for status_id, status in direct:
        posts.append(_post(status, status_id, context, source, True, raw))
    for _, status in direct:
        _embedded(status, context, source, seen, posts)
    return posts


def _embedded(
    status: dict[str, Any],
    context: ParseContext,
    source: SourceRef,
    seen: set[str],
    posts: list[Item],
) -> None:
    for key in ("retweeted_status", "quoted_status"):
        inner = status.get(key)
        if not isinstance(inner, dict):
            continue
        inner_id = _require_id(inner)
        if inner_id in seen:
            continue
        seen.add(inner_id)
        posts.append(
            _held_instead(inner, inner_id, context)
            or _post(inner, inner_id, context, source, False, b"")
        )
        _embedded(inner, context, source, seen, posts)


def _held_instead(status: dict[str, Any], status_id: str, context: ParseContext) -> Post | None:
    """The batch's post for an embedded ``status`` when building this copy could not improve
    on it (see ``ParseContext.held_instead``); None when the copy must be built."""
    held = context.held_instead(PLATFORM, status_id, 0)  # v1.1 statuses carry no edit history
    if held is None:
        return None
    try:  # a copy that building would reject is built, to raise the error
        parse_v1_time(status.get("created_at"))
        reposted = status.get("retweeted_status")
        if isinstance(reposted, dict):
            _require_id(reposted)
    except RecordError:
        return None
    return held


def _require_id(status: dict[str, Any]) -> str:
    status_id = id_string(status)
    if status_id is None:
        raise RecordError("twitter-v1: a status has no id_str or id")
    return status_id


def _post(
    status: dict[str, Any],
    status_id: str,
    context: ParseContext,
    source: SourceRef,
    direct: bool,
    raw: bytes,
) -> Post:
    pseudonyms = context.pseudonyms
    try:
        created_at, offset = parse_v1_time(status.get("created_at"))
    except RecordError as exc:
        raise RecordError(f"twitter-v1 status {status_id}: {exc.reason}") from None
    user = status.get("user")
    user_id = id_string(user) if isinstance(user, dict) else None
    screen_name = user.get("screen_name") if isinstance(user, dict) else None

    reposted = status.get("retweeted_status")
    reposted = reposted if isinstance(reposted, dict) else None
    reply_to_id = status.get("in_reply_to_status_id_str") or (
        str(status["in_reply_to_status_id"]) if status.get("in_reply_to_status_id") else None
    )
    quoted_id = status.get("quoted_status_id_str") or None
    quoted = status.get("quoted_status")
    if quoted_id is None and isinstance(quoted, dict):
        quoted_id = id_string(quoted)

    text: str | None
    if reposted is not None:
        kind = PostKind.REPOST
        text = None
        reply_to_id = quoted_id = None
        ents = entities.entities_of(reposted)
        # The retweeted status's own self link, not the retweet's, is the truncation artefact.
        link_owner = _require_id(reposted)
        reposted_id: str | None = link_owner
    else:
        reposted_id = None
        if reply_to_id:
            kind = PostKind.REPLY
        elif status.get("is_quote_status") or quoted_id:
            kind = PostKind.QUOTE
        else:
            kind = PostKind.ORIGINAL
        ents = entities.entities_of(status)
        names = entities.mentioned_names(ents)
        if isinstance(status.get("in_reply_to_screen_name"), str):
            names.append(status["in_reply_to_screen_name"])
        text = scrub_text(_full_text(status), names, pseudonyms)
        link_owner = status_id
    reply_to_user = id_string(status, "in_reply_to_user_id") if reply_to_id else None

    return Post(
        platform=PLATFORM,
        id=status_id,
        author=pseudonyms.account(PLATFORM, user_id) if user_id else None,
        kind=kind,
        created_at=created_at,
        text=text,
        source=source,
        format=FORMAT_NAME,
        raw=raw or orjson.dumps(status),
        author_handle=pseudonyms.handle(PLATFORM, screen_name) if screen_name else None,
        utc_offset_minutes=offset,
        lang=status.get("lang") or None,
        reply_to_id=reply_to_id or None,
        reply_to_author=pseudonyms.account(PLATFORM, reply_to_user) if reply_to_user else None,
        quoted_id=quoted_id,
        reposted_id=reposted_id,
        conversation_id=None,
        hashtags=entities.hashtags(ents),
        mentions=entities.mentions(ents, pseudonyms),
        links=entities.links(ents, link_owner, pseudonyms),
        engagement=Engagement(
            replies=count(status, "reply_count"),
            reposts=count(status, "retweet_count"),
            likes=count(status, "favorite_count"),
            quotes=count(status, "quote_count"),
        ),
        direct=direct,
        withheld=bool(status.get("withheld_in_countries"))
        or status.get("withheld_copyright") is True,
    )


def _full_text(status: dict[str, Any]) -> str:
    extended = status.get("extended_tweet")
    if isinstance(extended, dict):
        text = extended.get("full_text")
        if isinstance(text, str):
            return text
    for key in ("full_text", "text"):
        text = status.get(key)
        if isinstance(text, str):
            return text
    return ""


def _control(message: dict[str, Any], source: SourceRef) -> Item:
    """A streaming control message: ``delete`` → Deletion, the others → NoPosts."""
    delete = message.get("delete")
    if isinstance(delete, dict):
        status = delete.get("status")
        post_id = id_string(status) if isinstance(status, dict) else None
        if post_id is None:
            raise RecordError("twitter-v1 delete notice without a status id")
        return Deletion(PLATFORM, post_id, "twitter-v1 delete notice", source)
    for key in CONTROL_KEYS:
        if key in message:
            return NoPosts(f"twitter-v1 {key} notice", source)
    raise RecordError("twitter-v1: neither a status nor a known stream message")
