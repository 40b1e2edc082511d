"""Scraped Instagram posts to posts: caption text, extracted hashtags, tagged users, counts.

Two record shapes are read: the flat records of scrapy-style scrapers (``id_``, ``caption``,
``owner_id``, ``owner_username``, ``likes_count``, ``comment_count``, ``tagged_user``) and
Instagram's own GraphQL media nodes (``id``, ``edge_media_to_caption``, ``owner{id,username}``,
``edge_liked_by``/``edge_media_preview_like``, ``edge_media_to_comment``). Instagram gives no
hashtag entities, so hashtags are extracted from the caption; chains written without spaces
(``#art#metoo#mujer``), which Instagram links one by one, are split first. Tagged users are given by username
only, so ``mentions`` holds their handle pseudonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Engagement, Item, Post, PostKind
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.instagram.detect import is_instagram_post
from groundswell.text.hashtags import extract_hashtags

PLATFORM = "instagram"
FORMAT = "instagram"
_CHAIN = re.compile(r"(?:[#＃]\w+){2,}")


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield the one post of a scraped record."""
    value = document.value
    if not is_instagram_post(value):
        raise RecordError(
            "not a scraped Instagram post (needs shortcode, taken_at_timestamp, id, owner)"
        )
    pseudonyms = context.pseudonyms
    post_id = value.get("id_") or value.get("id")
    owner = value.get("owner") if isinstance(value.get("owner"), dict) else {}
    owner_id = value.get("owner_id") or owner.get("id")
    username = value.get("owner_username") or owner.get("username")
    if not post_id:
        raise RecordError("scraped Instagram post without an id")
    try:
        created = datetime.fromtimestamp(float(value["taken_at_timestamp"]), UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise RecordError(f"instagram post {post_id}: bad taken_at_timestamp") from exc
    caption = _caption(value)
    tagged = value.get("tagged_user") if isinstance(value.get("tagged_user"), list) else []
    yield Post(
        platform=PLATFORM,
        id=str(post_id),
        author=pseudonyms.account(PLATFORM, str(owner_id)) if owner_id else None,
        kind=PostKind.ORIGINAL,
        created_at=created,
        text=pseudonyms.scrub_text(PLATFORM, caption) if caption is not None else None,
        source=document.source,
        format=FORMAT,
        raw=orjson.dumps(value),
        author_handle=pseudonyms.handle(PLATFORM, str(username)) if username else None,
        utc_offset_minutes=0,
        hashtags=_hashtags(caption or ""),
        mentions=tuple(pseudonyms.handle(PLATFORM, str(u)) for u in tagged if u),
        engagement=Engagement(
            replies=_count(value, "comment_count", "edge_media_to_comment"),
            likes=_count(value, "likes_count", "edge_liked_by", "edge_media_preview_like"),
        ),
    )


def _hashtags(caption: str) -> tuple[str, ...]:
    spaced = _CHAIN.sub(lambda m: re.sub(r"(?<!^)(?=[#＃])", " ", m.group(0)), caption)
    return tuple(h.tag.lstrip("#＃") for h in extract_hashtags(spaced, platform=PLATFORM))


def _caption(value: dict[str, Any]) -> str | None:
    if isinstance(value.get("caption"), str):
        return str(value["caption"])
    edges = (value.get("edge_media_to_caption") or {}).get("edges") or []
    if edges and isinstance(edges[0], dict):
        text = (edges[0].get("node") or {}).get("text")
        return str(text) if isinstance(text, str) else None
    return None


def _count(value: dict[str, Any], flat: str, *edges: str) -> int | None:
    """A count from the flat field, else from a GraphQL edge's ``count``; None when not given."""
    found = value.get(flat)
    for edge in edges:
        if not isinstance(found, int) and isinstance(value.get(edge), dict):
            found = value[edge].get("count")
    return found if isinstance(found, int) and not isinstance(found, bool) else None
