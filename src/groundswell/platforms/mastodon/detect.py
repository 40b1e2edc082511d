"""Recognising Mastodon API payloads: statuses, status arrays, thread contexts, JSONL of statuses."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document


def is_status(value: Any) -> bool:
    """True when ``value`` looks like a Mastodon Status entity."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("uri"), str)
        and isinstance(value.get("account"), dict)
        and "content" in value
        and "created_at" in value
    )


def is_context(value: Any) -> bool:
    """True when ``value`` is a thread ``context`` response (``ancestors`` + ``descendants``)."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("ancestors"), list)
        and isinstance(value.get("descendants"), list)
    )


def statuses_of(value: Any) -> list[Any] | None:
    """Return the statuses a document holds, or None when it is not a Mastodon payload."""
    if is_status(value):
        return [value]
    if is_context(value):
        return [*value["ancestors"], *value["descendants"]]
    if isinstance(value, list) and value and all(is_status(item) for item in value[:5]):
        return value
    return None


def sniff(documents: list[Document]) -> bool:
    """True when the first documents are Mastodon statuses, status arrays or contexts."""
    if not documents:
        return False
    for document in documents:
        value = document.value
        if is_context(value):
            if not all(is_status(s) for s in [*value["ancestors"], *value["descendants"]][:5]):
                return False
        elif statuses_of(value) is None:
            return False
    return True
