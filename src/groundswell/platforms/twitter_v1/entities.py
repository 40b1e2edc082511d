"""Hashtags, mentions and links of a v1.1 status, read from Twitter's own entities."""

from __future__ import annotations

from typing import Any

from groundswell.platforms.twitter_common import PLATFORM, dedupe, id_string, scrub_link
from groundswell.privacy.pseudonyms import Pseudonymizer

_EMPTY: dict[str, Any] = {}


def entities_of(status: dict[str, Any]) -> dict[str, Any]:
    """Return the entities covering the status's full text.

    A truncated status (compat mode, streaming) carries the full entities in
    ``extended_tweet.entities``; extended-mode REST statuses have them in ``entities``. Exports
    made with python-twitter's ``AsDict`` put ``hashtags``/``urls``/``user_mentions`` at the top
    level, so the status itself is used when it has no ``entities``.
    """
    extended = status.get("extended_tweet")
    if isinstance(extended, dict):
        entities = extended.get("entities")
        if isinstance(entities, dict):
            return entities
    entities = status.get("entities")
    if isinstance(entities, dict):
        return entities
    if "hashtags" in status or "user_mentions" in status or "urls" in status:
        return status
    return _EMPTY


def hashtags(entities: dict[str, Any]) -> tuple[str, ...]:
    """Return the hashtags as written (``text``), in Twitter's order."""
    tags: list[str] = []
    for tag in entities.get("hashtags") or ():
        if isinstance(tag, dict):
            text = tag.get("text")
            if isinstance(text, str):
                tags.append(text)
        elif isinstance(tag, str):
            tags.append(tag)
    return tuple(tags)


def mentioned_names(entities: dict[str, Any]) -> list[str]:
    """Return the screen names of the mentions, as written (for scrubbing the text)."""
    return [
        mention["screen_name"]
        for mention in entities.get("user_mentions") or ()
        if isinstance(mention, dict) and isinstance(mention.get("screen_name"), str)
    ]


def mentions(entities: dict[str, Any], pseudonyms: Pseudonymizer) -> tuple[str, ...]:
    """Return the pseudonyms of the mentioned accounts: by user id, by screen name without one."""
    found: list[str] = []
    for mention in entities.get("user_mentions") or ():
        if not isinstance(mention, dict):
            continue
        user_id = id_string(mention)
        if user_id is not None:
            found.append(pseudonyms.account(PLATFORM, user_id))
            continue
        name = mention.get("screen_name")
        if isinstance(name, str) and name:
            found.append(pseudonyms.handle(PLATFORM, name))
    return dedupe(found)


def links(entities: dict[str, Any], post_id: str, pseudonyms: Pseudonymizer) -> tuple[str, ...]:
    """Return the expanded URLs (as written where not expanded), without media and self links."""
    found: list[str] = []
    for url in entities.get("urls") or ():
        if not isinstance(url, dict):
            continue
        link = url.get("expanded_url") or url.get("url")
        if isinstance(link, str) and link:
            kept = scrub_link(link, post_id, pseudonyms)
            if kept is not None:
                found.append(kept)
    return dedupe(found)
