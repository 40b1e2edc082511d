"""Recognising scraped Instagram posts: flat scraper records and GraphQL media nodes."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.base import Document


def is_instagram_post(value: Any) -> bool:
    """True for a scraped post: a ``shortcode`` and a ``taken_at_timestamp``, with an id and owner
    (flat ``id_``/``owner_id`` as scrapy writes it, or GraphQL ``id``/``owner.id``)."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("shortcode"), str)
        and "taken_at_timestamp" in value
        and ("id_" in value or "id" in value)
        and ("owner_id" in value or isinstance(value.get("owner"), dict))
    )


def sniff(documents: list[Document]) -> bool:
    """True when every one of the first documents is a scraped Instagram post."""
    return bool(documents) and all(is_instagram_post(d.value) for d in documents)
