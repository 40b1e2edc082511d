"""Turn v2 documents (twarc2 pages, flattened lines, stream lines, compliance) into items.

Decisions, so that every v2 collection reads the same way:

* **kind** from ``referenced_tweets``: ``retweeted`` → repost; else ``replied_to`` → reply (a reply
  that also quotes is a reply, ``quoted_id`` kept); else ``quoted`` → quote; else original.
* **repost**: ``text`` is None (v2 gives a truncated ``RT @…`` copy), ``reposted_id`` names the
  retweeted tweet, and hashtags, mentions and links are the retweeted tweet's when it was expanded.
* **embedded**: ``includes.tweets`` (pages) and expanded ``referenced_tweets`` (flattened lines)
  become posts with ``direct=False``; a tweet in ``data`` is never yielded again from ``includes``.
  An embedded tweet the batch already holds in a version it could not replace is not built again:
  the held post is yielded instead.
* **edits**: every version carries ``edit_history`` (``edit_history_tweet_ids``, oldest first, the
  latest last); a tweet never edited has an empty history. Old versions are yielded like any
  tweet; the store keeps the latest.
* **raw**: a page's tweet is stored as the one-tweet page ``{"data": [tweet], "includes":
  {"users": [author, mentioned users found by username], "tweets": [retweeted tweet]}}``, which
  this parser reads back into the same post; a flattened line's tweet is stored as itself.
* **errors** inside a page do not stop it: its tweets are kept and one ``NoPosts`` note counts the
  errors by title and resource type (never their values, which hold ids and usernames).
* **compliance**: a tweets compliance line with ``action: delete`` is a ``Deletion``. A users
  compliance line (file named ``*user*``, or option ``compliance=users``) says an account changed
  state; the store has no per-account deletion, so it is a ``NoPosts`` note and removes nothing.
* **no posts**: tweet counts, user objects and list objects are ``NoPosts`` notes (the pinned
  tweets expanded beside user objects are profile context, not a collection, and are skipped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Deletion, Item, NoPosts, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.twitter_common import PLATFORM
from groundswell.platforms.twitter_v2.detect import COMPLIANCE_KEYS, page_kind
from groundswell.platforms.twitter_v2.tweets import Lookup, build_post, held_instead, tweet_id


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield every post, deletion and note of one v2 document (all of them, or RecordError)."""
    return iter(_items(document, context))


def _items(document: Document, context: ParseContext) -> list[Item]:
    value = document.value
    source = document.source
    if not isinstance(value, dict):
        raise RecordError(f"twitter-v2: expected a JSON object, found {type(value).__name__}")
    if "data" in value or "meta" in value or "includes" in value:
        return _page(value, context, source)
    if "id" in value and "text" in value:
        raw = document.raw if source.line is not None else None
        return _flat(value, context, source, raw)
    if "id" in value and "action" in value and set(value) <= COMPLIANCE_KEYS:
        return [_compliance(value, context, source)]
    if "username" in value:
        return [NoPosts("twarc2 user object", source)]
    if isinstance(value.get("errors"), list):
        return [_errors_note(value["errors"], source)]
    raise RecordError("twitter-v2: neither a response page, a tweet nor a compliance line")


def _page(page: dict[str, Any], context: ParseContext, source: SourceRef) -> list[Item]:
    data = page.get("data")
    records = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    errors = page.get("errors")
    items: list[Item] = []
    kind = page_kind(records)
    prefix = "twarc2" if "__twarc" in page else "twitter-v2"
    if kind == "tweets":
        items = _page_tweets(page, records, context, source)
    elif kind == "empty":
        if not isinstance(errors, list) or not errors:
            items = [NoPosts(f"{prefix} page without results", source)]
    elif kind == "compliance events":
        items = [_compliance_event(record, source) for record in records]
    elif kind is not None:
        items = [NoPosts(f"{prefix} {kind}", source)]
    else:
        raise RecordError("twitter-v2 page: its data are neither tweets, users, lists nor counts")
    if isinstance(errors, list) and errors:
        items.append(_errors_note(errors, source))
    return items


def _page_tweets(
    page: dict[str, Any], records: list[Any], context: ParseContext, source: SourceRef
) -> list[Item]:
    includes = page.get("includes")
    includes = includes if isinstance(includes, dict) else {}
    included = [t for t in includes.get("tweets") or () if isinstance(t, dict)]
    for record in records:
        if not isinstance(record, dict):
            raise RecordError("twitter-v2 page: a data item is not a tweet object")
    # A retweeted tweet may be in ``data`` itself (collected too) rather than in ``includes``.
    lookup = Lookup(includes.get("users") or [], {tweet_id(t): t for t in [*included, *records]})
    seen: set[str] = set()
    posts: list[Item] = []
    for tweets, direct in ((records, True), (included, False)):
        for tweet in tweets:
            post_id = tweet_id(tweet)
            if post_id not in seen:
                seen.add(post_id)
                posts.append(
                    (None if direct else held_instead(tweet, post_id, context))
                    or build_post(tweet, lookup, context, source, direct=direct)
                )
    return posts


def _flat(
    tweet: dict[str, Any], context: ParseContext, source: SourceRef, raw: bytes | None
) -> list[Item]:
    """A twarc2 flattened tweet: author and referenced tweets are expanded inside it."""
    expanded: dict[str, dict[str, Any]] = {}
    _collect_references(tweet, expanded)
    lookup = Lookup([], expanded)
    seen = {tweet_id(tweet)}
    items: list[Item] = [
        build_post(tweet, lookup, context, source, direct=True, raw=raw or orjson.dumps(tweet))
    ]
    for post_id, inner in expanded.items():
        if post_id not in seen:
            seen.add(post_id)
            items.append(
                held_instead(inner, post_id, context)
                or build_post(inner, lookup, context, source, direct=False, raw=orjson.dumps(inner))
            )
    return items


def _collect_references(tweet: dict[str, Any], found: dict[str, dict[str, Any]]) -> None:
    for ref in tweet.get("referenced_tweets") or ():
        if (
            isinstance(ref, dict)
            and "text" in ref
            and isinstance(ref.get("id"), str)
            and ref["id"] not in found
        ):
            found[ref["id"]] = ref
            _collect_references(ref, found)


def _is_users_compliance(context: ParseContext, source: SourceRef) -> bool:
    option = context.options.get("compliance")
    if option is not None:
        return option == "users"
    return "user" in PurePath(source.file.rsplit("!", 1)[-1]).name.lower()


def _compliance(line: dict[str, Any], context: ParseContext, source: SourceRef) -> Item:
    action = line.get("action")
    reason = line.get("reason")
    reason_text = reason if isinstance(reason, str) and reason.isidentifier() else "unspecified"
    if _is_users_compliance(context, source):
        return NoPosts(
            f"twitter-v2 users compliance ({action}, {reason_text}): not applied", source
        )
    post_id = line.get("id")
    if not isinstance(post_id, str) or not post_id:
        raise RecordError("twitter-v2 compliance line without an id")
    if action == "delete":
        return Deletion(PLATFORM, post_id, f"twitter-v2 tweets compliance ({reason_text})", source)
    return NoPosts(f"twitter-v2 tweets compliance ({action})", source)


def _compliance_event(record: dict[str, Any], source: SourceRef) -> Item:
    """A compliance stream event (``{"delete": {"tweet": {"id": …}}}``); deletes become Deletions."""
    for event, body in record.items():
        tweet = body.get("tweet") if isinstance(body, dict) else None
        if event in ("delete", "tweet_delete") and isinstance(tweet, dict):
            post_id = tweet.get("id")
            if isinstance(post_id, str) and post_id:
                return Deletion(PLATFORM, post_id, f"twitter-v2 compliance stream {event}", source)
        return NoPosts(f"twitter-v2 compliance stream {event}", source)
    raise RecordError("twitter-v2: an empty compliance event")


def _errors_note(errors: list[Any], source: SourceRef) -> NoPosts:
    tally = Counter(
        f"{error.get('title', 'error')} ({error.get('resource_type', 'unknown')})"
        for error in errors
        if isinstance(error, dict)
    )
    summary = ", ".join(f"{n} × {what}" for what, n in sorted(tally.items()))
    return NoPosts(f"twitter-v2 errors in page: {summary}", source)
