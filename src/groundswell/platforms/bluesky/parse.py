"""Bluesky records to posts: Jetstream commits (posts, reposts, deletes) and AppView post views.

A post's id is its ``at://did/app.bsky.feed.post/rkey`` URI, its author the DID. Hashtags, mentions
and links come from the record's facets, whose indices are UTF-8 byte offsets into ``text``; a
hashtag keeps the form written in the text when the byte range shows it, else the facet's ``tag``.
The record's outline ``tags`` (not shown in the text) follow. ``reply.root`` gives the conversation,
``reply.parent`` the post replied to (and, from its URI, the account replied to); an embedded
record (``app.bsky.embed.record``, or ``recordWithMedia``) pointing at a post makes a quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import (
    Deletion,
    Engagement,
    Item,
    NoPosts,
    Post,
    PostKind,
    SourceRef,
    normalize_hashtag,
)
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.bluesky.detect import is_jetstream_event, is_post_view

PLATFORM = "bluesky"
FORMAT = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield the posts, reposts, deletions and notes of one Jetstream event or AppView response."""
    value = document.value
    if is_jetstream_event(value):
        yield from _jetstream(value, context, document.source)
        return
    if not isinstance(value, dict):
        raise RecordError("not a Jetstream event or a Bluesky AppView response")
    views: list[tuple[dict[str, Any], bool]] = []
    if is_post_view(value):
        views.append((value, True))
    elif isinstance(value.get("posts"), list):
        views += [(v, True) for v in value["posts"]]
    elif isinstance(value.get("thread"), dict):
        views += _thread(value["thread"])
    elif isinstance(value.get("feed"), list):
        views += _feed(value["feed"])
    else:
        raise RecordError("not a Jetstream event or a Bluesky AppView response")
    posts: dict[str, Post] = {}
    for view, direct in views:
        for post in _from_view(view, context, document.source, direct=direct):
            if post.id not in posts or (post.direct and not posts[post.id].direct):
                posts[post.id] = post
    if posts:
        yield from posts.values()
    else:
        yield NoPosts("bluesky response without posts", document.source)


def at_uri(did: str, collection: str, rkey: str) -> str:
    """The ``at://`` URI of a record."""
    return f"at://{did}/{collection}/{rkey}"


def _did_of(uri: Any) -> str | None:
    parts = str(uri or "").removeprefix("at://").split("/")
    return parts[0] if str(uri or "").startswith("at://") and parts[0] else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(_FRACTION.sub(r"\1", value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _jetstream(event: dict[str, Any], context: ParseContext, source: SourceRef) -> Iterator[Item]:
    did = event["did"]
    if event["kind"] != "commit":
        yield NoPosts(f"bluesky jetstream {event['kind']} event", source)
        return
    commit = event.get("commit")
    if not isinstance(commit, dict) or not commit.get("collection") or not commit.get("rkey"):
        raise RecordError("jetstream commit event without commit.collection or commit.rkey")
    collection, operation = str(commit["collection"]), commit.get("operation")
    uri = at_uri(did, collection, str(commit["rkey"]))
    if collection not in (POST, REPOST):
        yield NoPosts(f"bluesky jetstream {collection} {operation}", source)
        return
    if operation == "delete":
        yield Deletion(PLATFORM, uri, f"bluesky jetstream delete of {collection}", source)
        return
    record = commit.get("record")
    if operation not in ("create", "update") or not isinstance(record, dict):
        raise RecordError(f"jetstream {operation!r} commit of {collection} without a record")
    seen = (
        datetime.fromtimestamp(event["time_us"] / 1_000_000, UTC)
        if isinstance(event.get("time_us"), int)
        else None
    )
    raw = orjson.dumps(event)
    if collection == REPOST:
        subject = record.get("subject") or {}
        created = _time(record.get("createdAt")) or seen
        if created is None or not subject.get("uri"):
            raise RecordError("jetstream repost without createdAt or subject.uri")
        yield Post(
            platform=PLATFORM,
            id=uri,
            author=context.pseudonyms.account(PLATFORM, did),
            kind=PostKind.REPOST,
            created_at=created,
            text=None,
            source=source,
            format=FORMAT,
            raw=raw,
            reposted_id=str(subject["uri"]),
        )
        return
    yield _post(
        uri, did, record, None, Engagement(), raw, context, source, direct=True, fallback=seen
    )


def _post(
    uri: str,
    did: str,
    record: dict[str, Any],
    handle: str | None,
    engagement: Engagement,
    raw: bytes,
    context: ParseContext,
    source: SourceRef,
    *,
    direct: bool,
    fallback: datetime | None,
) -> Post:
    created = _time(record.get("createdAt")) or fallback
    if created is None:
        raise RecordError(f"bluesky post {uri}: no usable createdAt")
    text = str(record.get("text") or "")
    hashtags, mentions, links = _facets(text, record, context)
    reply: dict[str, Any] = record["reply"] if isinstance(record.get("reply"), dict) else {}
    parent = (reply.get("parent") or {}).get("uri")
    root = (reply.get("root") or {}).get("uri")
    quoted = _quoted(record.get("embed"))
    external = ((record.get("embed") or {}).get("external") or {}).get("uri")
    if external and external not in links:
        links.append(str(external))
    parent_did = _did_of(parent)
    langs = record.get("langs")
    return Post(
        platform=PLATFORM,
        id=uri,
        author=context.pseudonyms.account(PLATFORM, did),
        kind=PostKind.REPLY if parent else PostKind.QUOTE if quoted else PostKind.ORIGINAL,
        created_at=created,
        text=context.pseudonyms.scrub_text(PLATFORM, text),
        source=source,
        format=FORMAT,
        raw=raw,
        author_handle=context.pseudonyms.handle(PLATFORM, handle) if handle else None,
        lang=str(langs[0]) if isinstance(langs, list) and langs else None,
        reply_to_id=str(parent) if parent else None,
        reply_to_author=context.pseudonyms.account(PLATFORM, parent_did) if parent_did else None,
        quoted_id=quoted,
        conversation_id=str(root) if root else (None if parent else uri),
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        links=tuple(links),
        engagement=engagement,
        direct=direct,
    )


def _facets(
    text: str, record: dict[str, Any], context: ParseContext
) -> tuple[list[str], list[str], list[str]]:
    encoded = text.encode("utf-8")
    hashtags: list[str] = []
    mentions: list[str] = []
    links: list[str] = []
    facets = [f for f in record.get("facets") or [] if isinstance(f, dict)]
    facets.sort(key=lambda f: int((f.get("index") or {}).get("byteStart") or 0))
    for facet in facets:
        index = facet.get("index") or {}
        try:
            written: str | None = encoded[int(index["byteStart"]) : int(index["byteEnd"])].decode(
                "utf-8"
            )
        except (KeyError, TypeError, ValueError):
            written = None
        for feature in facet.get("features") or []:
            kind = str((feature or {}).get("$type", ""))
            if kind.endswith("#tag") and feature.get("tag"):
                tag = str(feature["tag"])
                same = written is not None and normalize_hashtag(written) == normalize_hashtag(tag)
                hashtags.append(written.lstrip("#＃") if same and written else tag)
            elif kind.endswith("#mention") and feature.get("did"):
                mentions.append(context.pseudonyms.account(PLATFORM, str(feature["did"])))
            elif kind.endswith("#link") and feature.get("uri"):
                links.append(str(feature["uri"]))
    shown = {normalize_hashtag(h) for h in hashtags}
    for tag in record.get("tags") or []:
        if isinstance(tag, str) and normalize_hashtag(tag) not in shown:
            hashtags.append(tag.lstrip("#＃"))
            shown.add(normalize_hashtag(tag))
    return hashtags, mentions, links


def _quoted(embed: Any) -> str | None:
    """The quoted post's URI from a record's ``embed`` (``record`` or ``recordWithMedia``)."""
    if not isinstance(embed, dict):
        return None
    inner = embed.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("record"), dict):  # recordWithMedia
        inner = inner["record"]
    uri = inner.get("uri") if isinstance(inner, dict) else None
    return str(uri) if uri and f"/{POST}/" in str(uri) else None


def _count(view: dict[str, Any], key: str) -> int | None:
    value = view.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _from_view(
    view: dict[str, Any], context: ParseContext, source: SourceRef, *, direct: bool
) -> Iterator[Post]:
    """A postView (or an embed's viewRecord, whose record is under ``value``) and its quote."""
    record = view.get("record") if isinstance(view.get("record"), dict) else view.get("value")
    author = view.get("author") or {}
    if not isinstance(record, dict) or not author.get("did") or not view.get("uri"):
        raise RecordError("bluesky post view without uri, author.did or record")
    counts = Engagement(
        replies=_count(view, "replyCount"),
        reposts=_count(view, "repostCount"),
        likes=_count(view, "likeCount"),
        quotes=_count(view, "quoteCount"),
    )
    shallow = {k: v for k, v in view.items() if k not in ("replies", "parent")}
    yield _post(
        str(view["uri"]),
        str(author["did"]),
        record,
        author.get("handle"),
        counts,
        orjson.dumps(shallow),
        context,
        source,
        direct=direct,
        fallback=_time(view.get("indexedAt")),
    )
    embed = view.get("embed") or {}
    shown = embed.get("record") if isinstance(embed, dict) else None
    if isinstance(shown, dict) and isinstance(shown.get("record"), dict):  # recordWithMedia#view
        shown = shown["record"]
    if (
        isinstance(shown, dict)
        and str(shown.get("$type", "")).endswith("#viewRecord")
        and f"/{POST}/" in str(shown.get("uri"))
    ):
        yield from _from_view(shown, context, source, direct=False)


def _thread(node: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """Every post view of a ``threadViewPost`` tree: parents up, replies down (not-found skipped)."""
    found: list[tuple[dict[str, Any], bool]] = []
    parent = node.get("parent")
    while isinstance(parent, dict):
        if is_post_view(parent.get("post")):
            found.append((parent["post"], True))
        parent = parent.get("parent")
    stack = [node]
    while stack:
        current = stack.pop()
        if is_post_view(current.get("post")):
            found.append((current["post"], True))
        stack.extend(r for r in reversed(current.get("replies") or []) if isinstance(r, dict))
    return found


def _feed(items: list[Any]) -> list[tuple[dict[str, Any], bool]]:
    """The posts of a feed response and the reply context shown with them (not collected)."""
    found: list[tuple[dict[str, Any], bool]] = []
    for item in items:
        if not isinstance(item, dict) or not is_post_view(item.get("post")):
            continue
        found.append((item["post"], True))
        for key in ("root", "parent"):
            shown = (item.get("reply") or {}).get(key)
            if isinstance(shown, dict) and is_post_view(shown):
                found.append((shown, False))
    return found
