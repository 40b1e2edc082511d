"""Build one ``Post`` from a v2 tweet object and the users and tweets expanded beside it."""

from __future__ import annotations

from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Engagement, Post, PostKind, SourceRef
from groundswell.platforms.base import ParseContext
from groundswell.platforms.twitter_common import PLATFORM, count, parse_iso_time, scrub_text
from groundswell.platforms.twitter_v2 import entities

FORMAT_NAME = "twitter-v2"
_NO_METRICS: dict[str, Any] = {}


class Lookup:
    """The users and tweets a page's ``includes`` (or a flattened line) makes available.

    Built once per document; the username index is built only when a mention lacks its id.
    """

    def __init__(self, users: list[Any], tweets: dict[str, dict[str, Any]]) -> None:
        self._users = users
        self.users_by_id: dict[str, dict[str, Any]] = {
            user["id"]: user for user in users if isinstance(user, dict) and "id" in user
        }
        self._by_name: dict[str, dict[str, Any]] | None = None
        self.tweets = tweets
        self._json: dict[int, bytes] = {}

    def json(self, value: dict[str, Any]) -> bytes:
        """``value`` as JSON, serialised once per document (a retweeted tweet and its author
        are part of the raw page of its own and of every retweet of it)."""
        key = id(value)
        found = self._json.get(key)
        if found is None:
            found = self._json[key] = orjson.dumps(value)
        return found

    def user_by_name(self, name: str) -> dict[str, Any] | None:
        """Return the included user with this username (case-insensitive), if any."""
        if self._by_name is None:
            self._by_name = {
                user["username"].casefold(): user
                for user in self.users_by_id.values()
                if isinstance(user.get("username"), str)
            }
        return self._by_name.get(name.casefold())


def tweet_id(tweet: dict[str, Any]) -> str:
    """Return the tweet's id, or raise RecordError when it has none."""
    value = tweet.get("id")
    if not isinstance(value, str) or not value:
        raise RecordError("twitter-v2: a tweet has no string id")
    return value


def held_instead(tweet: dict[str, Any], post_id: str, context: ParseContext) -> Post | None:
    """The batch's post for an embedded ``tweet`` when building this copy could not improve on
    it (see ``ParseContext.held_instead``); None when the copy must be built."""
    history = tweet.get("edit_history_tweet_ids")
    versions = len(history) if isinstance(history, list) and len(history) > 1 else 0
    held = context.held_instead(PLATFORM, post_id, versions)
    if held is None:
        return None
    try:  # a copy that building would reject is built, to raise the error
        parse_iso_time(tweet.get("created_at"))
    except RecordError:
        return None
    return held


def _references(tweet: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for ref in tweet.get("referenced_tweets") or ():
        if (
            isinstance(ref, dict)
            and isinstance(ref.get("type"), str)
            and isinstance(ref.get("id"), str)
        ):
            found.setdefault(ref["type"], ref["id"])
    return found


def _text(tweet: dict[str, Any]) -> str:
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        text: str = note["text"]
        return text
    value = tweet.get("text")
    return value if isinstance(value, str) else ""


def _withheld(tweet: dict[str, Any]) -> bool:
    withheld = tweet.get("withheld")
    if not isinstance(withheld, dict):
        return False
    return withheld.get("copyright") is True or bool(withheld.get("country_codes"))


def _one_tweet_page(
    tweet: dict[str, Any],
    users: list[dict[str, Any]],
    reposted: dict[str, Any] | None,
    lookup: Lookup,
) -> bytes:
    """The bytes of ``{"data": [tweet], "includes": {"users": [...], "tweets": [reposted]}}``
    (each user once), as ``orjson.dumps`` writes them."""
    distinct = {id(user): user for user in users}.values()
    page = [b'{"data":[', lookup.json(tweet), b'],"includes":{"users":[']
    page.append(b",".join(lookup.json(user) for user in distinct))
    if reposted is not None:
        page += [b'],"tweets":[', lookup.json(reposted)]
    page.append(b"]}}")
    return b"".join(page)


def build_post(
    tweet: dict[str, Any],
    lookup: Lookup,
    context: ParseContext,
    source: SourceRef,
    *,
    direct: bool,
    raw: bytes | None = None,
) -> Post:
    """Return the post for ``tweet``; ``raw`` None builds a one-tweet page as its raw payload."""
    pseudonyms = context.pseudonyms
    post_id = tweet_id(tweet)
    try:
        created_at, offset = parse_iso_time(tweet.get("created_at"))
    except RecordError as exc:
        raise RecordError(f"twitter-v2 tweet {post_id}: {exc.reason}") from None

    author_id = tweet.get("author_id")
    author = lookup.users_by_id.get(author_id) if isinstance(author_id, str) else None
    if author is None and isinstance(tweet.get("author"), dict):
        author = tweet["author"]  # a twarc2 flattened tweet carries its author inline
    if not isinstance(author_id, str) and author is not None:
        author_id = author.get("id")
    used_users: list[dict[str, Any]] = [author] if author else []
    handle = author.get("username") if author else None

    refs = _references(tweet)
    reposted_id = refs.get("retweeted")
    reply_to_id = refs.get("replied_to")
    quoted_id = refs.get("quoted")
    reposted = lookup.tweets.get(reposted_id) if reposted_id else None
    skip_start: int | None = None
    text: str | None
    if reposted_id:
        kind = PostKind.REPOST
        text = None
        reply_to_id = quoted_id = None
        if reposted is not None:
            ents, link_owner = entities.entities_of(reposted), reposted_id
        else:
            # The retweeted tweet was not expanded: fall back to the truncated "RT @author: ..."
            # entities, leaving out the retweeted author's mention of the prefix.
            ents, link_owner = entities.entities_of(tweet), post_id
            skip_start = 3 if str(tweet.get("text", "")).startswith("RT @") else None
    else:
        kind = PostKind.REPLY if reply_to_id else PostKind.QUOTE if quoted_id else PostKind.ORIGINAL
        ents, link_owner = entities.entities_of(tweet), post_id
        text = scrub_text(_text(tweet), entities.mentioned_names(ents), pseudonyms)
    reply_to_user = tweet.get("in_reply_to_user_id") if reply_to_id else None
    mentions = entities.mentions(ents, pseudonyms, lookup.user_by_name, used_users, skip_start)

    history = tweet.get("edit_history_tweet_ids")
    metrics = tweet.get("public_metrics")
    metrics = metrics if isinstance(metrics, dict) else _NO_METRICS
    if raw is None:
        raw = _one_tweet_page(tweet, used_users, reposted, lookup)
    lang = tweet.get("lang")
    conversation = tweet.get("conversation_id")
    return Post(
        platform=PLATFORM,
        id=post_id,
        author=pseudonyms.account(PLATFORM, author_id) if isinstance(author_id, str) else None,
        kind=kind,
        created_at=created_at,
        text=text,
        source=source,
        format=FORMAT_NAME,
        raw=raw,
        author_handle=pseudonyms.handle(PLATFORM, handle) if isinstance(handle, str) else None,
        utc_offset_minutes=offset,
        lang=lang if isinstance(lang, str) and lang else None,
        reply_to_id=reply_to_id,
        reply_to_author=(
            pseudonyms.account(PLATFORM, reply_to_user) if isinstance(reply_to_user, str) else None
        ),
        quoted_id=quoted_id,
        reposted_id=reposted_id,
        conversation_id=conversation if isinstance(conversation, str) else None,
        hashtags=entities.hashtags(ents),
        mentions=mentions,
        links=entities.links(ents, link_owner, pseudonyms),
        engagement=Engagement(
            replies=count(metrics, "reply_count"),
            reposts=count(metrics, "retweet_count"),
            likes=count(metrics, "like_count"),
            quotes=count(metrics, "quote_count"),
        ),
        direct=direct,
        withheld=_withheld(tweet),
        edit_history=(
            tuple(history)
            if isinstance(history, list)
            and len(history) > 1
            and all(isinstance(h, str) for h in history)
            else ()
        ),
    )
