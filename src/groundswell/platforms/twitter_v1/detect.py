"""Recognise Twitter API v1.1 payloads: statuses, arrays, search responses, stream messages."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document

# Streaming API messages that are not statuses (the public, user and site stream documentation).
CONTROL_KEYS = (
    "delete",
    "scrub_geo",
    "limit",
    "status_withheld",
    "user_withheld",
    "disconnect",
    "warning",
    "friends",
    "friends_str",
    "event",
    "for_user",
    "control",
)


def is_status(value: dict[str, Any]) -> bool:
    """Return True for a v1.1 status object (``id``/``id_str``, ``created_at``, text, ``user``)."""
    return (
        ("id_str" in value or "id" in value)
        and "created_at" in value
        and ("text" in value or "full_text" in value or "extended_tweet" in value)
        and isinstance(value.get("user"), dict)
    )


def _is_control(value: dict[str, Any]) -> bool:
    if len(value) > 3:
        return False
    return any(isinstance(value.get(key), dict | list) for key in CONTROL_KEYS)


def _recognised(value: Any) -> bool:
    if isinstance(value, list):
        head = value[:3]
        return bool(head) and all(isinstance(item, dict) and is_status(item) for item in head)
    if not isinstance(value, dict):
        return False
    statuses = value.get("statuses")
    if isinstance(statuses, list):
        # A search response; some savers drop ``search_metadata``, so the statuses decide.
        return "search_metadata" in value or _recognised(statuses)
    return is_status(value) or _is_control(value)


def sniff(documents: list[Document]) -> bool:
    """Return True when every one of the first documents is a v1.1 payload."""
    return bool(documents) and all(_recognised(document.value) for document in documents)
