"""Hashtags, mentions and links of a v2 tweet, read from Twitter's own ``entities``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from groundswell.platforms.twitter_common import PLATFORM, dedupe, scrub_link
from groundswell.privacy.pseudonyms import Pseudonymizer

_EMPTY: dict[str, Any] = {}

UserByName = Callable[[str], "dict[str, Any] | None"]


def entities_of(tweet: dict[str, Any]) -> dict[str, Any]:
    """Return the entities of the tweet's full text (``note_tweet.entities`` for long posts)."""
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("entities"), dict):
        entities: dict[str, Any] = note["entities"]
        return entities
    plain = tweet.get("entities")
    return plain if isinstance(plain, dict) else _EMPTY


def hashtags(entities: dict[str, Any]) -> tuple[str, ...]:
    """Return the hashtags as written (``tag``), in Twitter's order."""
    return tuple(
        tag["tag"]
        for tag in entities.get("hashtags") or ()
        if isinstance(tag, dict) and isinstance(tag.get("tag"), str)
    )


def mentioned_names(entities: dict[str, Any]) -> list[str]:
    """Return the usernames of the mentions, as written (for scrubbing the text)."""
    return [
        mention["username"]
        for mention in entities.get("mentions") or ()
        if isinstance(mention, dict) and isinstance(mention.get("username"), str)
    ]


def mentions(
    entities: dict[str, Any],
    pseudonyms: Pseudonymizer,
    user_by_name: UserByName,
    used_users: list[dict[str, Any]],
    skip_start: int | None = None,
) -> tuple[str, ...]:
    """Return the pseudonyms of the mentioned accounts.

    A mention is keyed by its user ``id`` (given in the entity, or found among the page's users
    by username, which is then added to ``used_users`` for the raw payload); a mention whose
    account is unknown is keyed by its username. ``skip_start`` drops the mention at that offset
    (the ``RT @author:`` prefix of a retweet).
    """
    found: list[str] = []
    for mention in entities.get("mentions") or ():
        if not isinstance(mention, dict):
            continue
        if skip_start is not None and mention.get("start") == skip_start:
            continue
        user_id = mention.get("id")
        name = mention.get("username")
        if not (isinstance(user_id, str) and user_id) and isinstance(name, str):
            user = user_by_name(name)
            if user is not None:
                user_id = user.get("id")
                used_users.append(user)
        if isinstance(user_id, str) and user_id:
            found.append(pseudonyms.account(PLATFORM, user_id))
        elif isinstance(name, str) and name:
            found.append(pseudonyms.handle(PLATFORM, name))
    return dedupe(found)


def links(entities: dict[str, Any], post_id: str, pseudonyms: Pseudonymizer) -> tuple[str, ...]:
    """Return the expanded URLs of the tweet's links; media links (``media_key``) are left out."""
    found: list[str] = []
    for url in entities.get("urls") or ():
        if not isinstance(url, dict) or "media_key" in url:
            continue
        link = url.get("expanded_url") or url.get("url")
        if isinstance(link, str) and link:
            kept = scrub_link(link, post_id, pseudonyms)
            if kept is not None:
                found.append(kept)
    return dedupe(found)
