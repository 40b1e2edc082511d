"""Recognising Bluesky payloads: Jetstream events and AppView responses (posts, search, threads)."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document

JETSTREAM_KINDS = frozenset({"commit", "identity", "account"})


def is_jetstream_event(value: Any) -> bool:
    """True for one Jetstream event: ``{"did", "time_us", "kind": "commit"|"identity"|"account"}``."""
    return (
        isinstance(value, dict)
        and value.get("kind") in JETSTREAM_KINDS
        and isinstance(value.get("did"), str)
        and "time_us" in value
    )


def is_post_view(value: Any) -> bool:
    """True for an ``app.bsky.feed.defs#postView`` (``uri`` at://, ``author``, ``record``)."""
    return (
        isinstance(value, dict)
        and str(value.get("uri", "")).startswith("at://")
        and isinstance(value.get("author"), dict)
        and isinstance(value.get("record"), dict)
    )


def is_appview_response(value: Any) -> bool:
    """True for a ``getPosts``/``searchPosts`` (``posts``), ``getPostThread`` (``thread``) or feed
    (``feed``) response, or a bare postView (one a line)."""
    if not isinstance(value, dict):
        return False
    if is_post_view(value):
        return True
    posts = value.get("posts")
    if isinstance(posts, list) and (not posts or is_post_view(posts[0])):
        return "cursor" in value or "hitsTotal" in value or bool(posts) or value.keys() == {"posts"}
    thread = value.get("thread")
    if isinstance(thread, dict) and (is_post_view(thread.get("post")) or "notFound" in thread):
        return True
    feed = value.get("feed")
    return isinstance(feed, list) and bool(feed) and is_post_view((feed[0] or {}).get("post"))


def sniff(documents: list[Document]) -> bool:
    """True when every one of the first documents is a Jetstream event or an AppView response."""
    if not documents:
        return False
    return all(is_jetstream_event(d.value) or is_appview_response(d.value) for d in documents)
