"""Recognise Twitter API v2 payloads: twarc2 pages and flattened lines, stream and compliance lines."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document

# Fields of a batch compliance result line (tweets or users jobs).
COMPLIANCE_KEYS = frozenset({"id", "action", "created_at", "redacted_at", "reason"})
# Fields only a v2 tweet has (v1.1 statuses have ``id_str`` and ``user`` instead).
_TWEET_MARKS = (
    "author_id",
    "author",
    "edit_history_tweet_ids",
    "public_metrics",
    "conversation_id",
)


def page_kind(records: list[Any]) -> str | None:
    """Say what a page's ``data`` holds: "tweets", "empty", a NoPosts description, or None."""
    if not records:
        return "empty"
    first = records[0]
    if not isinstance(first, dict):
        return None
    if "text" in first or "edit_history_tweet_ids" in first:
        return "tweets"
    if "tweet_count" in first:
        return "tweet counts"
    if "username" in first:
        return "user objects"
    if "member_count" in first or "owner_id" in first or "follower_count" in first:
        return "list objects"
    if "id" not in first and any(
        isinstance(body, dict) and ("tweet" in body or "user" in body) for body in first.values()
    ):
        return "compliance events"
    return None


def _is_tweet(value: dict[str, Any], *, wrapped: bool = False) -> bool:
    """A v2 tweet object; outside a ``data`` wrapper it must also show a v2-only field."""
    return (
        isinstance(value.get("id"), str)
        and "text" in value
        and "id_str" not in value
        and "user" not in value
        and (wrapped or any(mark in value for mark in _TWEET_MARKS))
    )


def _recognised(value: Any) -> bool:
    if not isinstance(value, dict) or "kind" in value:
        return False
    if "__twarc" in value:
        return True
    data = value.get("data")
    if isinstance(data, dict | list):
        records = [data] if isinstance(data, dict) else data
        kind = page_kind(records)
        if kind == "tweets":
            return all(isinstance(r, dict) and _is_tweet(r, wrapped=True) for r in records[:3])
        return kind is not None and (kind != "empty" or "meta" in value)
    if _is_tweet(value):
        return True
    if "id" in value and isinstance(value.get("action"), str) and set(value) <= COMPLIANCE_KEYS:
        return True
    errors = value.get("errors")
    return (
        set(value) <= {"errors", "meta"}
        and isinstance(errors, list)
        and bool(errors)
        and all(isinstance(e, dict) and "title" in e for e in errors)
    )


def sniff(documents: list[Document]) -> bool:
    """Return True when every one of the first documents is a v2 payload."""
    return bool(documents) and all(_recognised(document.value) for document in documents)
