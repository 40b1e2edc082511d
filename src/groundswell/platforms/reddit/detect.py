"""Recognising Reddit payloads: API listings and things, and Pushshift-style dump lines."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document

THING_KINDS = frozenset({"t1", "t2", "t3", "t4", "t5", "t6", "more"})


def is_thing(value: Any) -> bool:
    """True for an API thing ``{"kind": "t1"|"t3"|..., "data": {...}}`` or a ``Listing``."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("data"), dict)
        and (value.get("kind") in THING_KINDS or value.get("kind") == "Listing")
    )


def bare_kind(value: Any) -> str | None:
    """``t1`` or ``t3`` for a Pushshift-style bare comment or submission object, else None."""
    if not isinstance(value, dict) or "id" not in value or "created_utc" not in value:
        return None
    if "body" in value and "link_id" in value and "parent_id" in value:
        return "t1"
    if "title" in value and "subreddit" in value and ("selftext" in value or "url" in value):
        return "t3"
    return None


def is_reddit(value: Any) -> bool:
    """True for one Reddit document: a thing, a listing, a list of listings, or a bare object."""
    if isinstance(value, list):
        return bool(value) and all(is_thing(item) for item in value)
    return is_thing(value) or bare_kind(value) is not None


def sniff(documents: list[Document]) -> bool:
    """True when every one of the first documents is a Reddit thing, listing or dump line."""
    return bool(documents) and all(is_reddit(d.value) for d in documents)
