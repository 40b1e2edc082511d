"""Mastodon statuses to posts: boosts, replies, quotes, content warnings, as-written hashtags.

Decisions, because Mastodon's API speaks from one instance's point of view:

* ``Post.id`` is the status ``uri``, the same from every instance. ``id``, ``in_reply_to_id`` and
  ``in_reply_to_account_id`` are local to the instance that served the document.
* A reply's ``reply_to_id`` is the parent's ``uri`` when the parent is in the same document;
  otherwise ``local:<instance>:<in_reply_to_id>``, where the instance is the host that served the
  document (``options["instance"]``, else the host of a local account's ``url``, else of a tag
  ``url``). Such a reference stays unambiguous and a later pass can resolve it.
* ``conversation_id`` is the thread root's id where the document shows it: the top of the reply
  chain inside the document, or a thread context's first ancestor (or its focus status).
* The text is the content warning (``spoiler_text``), a blank line, then the body: a warning such
  as "CW: assault" says what a post is about.
* Mention links are rewritten to the full ``@user@host`` before handles are scrubbed, so a handle
  gets the same pseudonym whichever instance served it.
* An edited status (``edited_at``) yields a ``NoPosts`` note beside the post: only the version
  current at collection time is in the payload.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import orjson

from groundswell.errors import RecordError
from groundswell.model import (
    Engagement,
    Item,
    NoPosts,
    Post,
    PostKind,
    SourceRef,
    normalize_hashtag,
)
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.mastodon.detect import is_context, statuses_of
from groundswell.text.html_text import Anchor, html_to_text

PLATFORM = "mastodon"
FORMAT = "mastodon"


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield the posts (boosted and quoted statuses too) and edit notes of one document."""
    value = document.value
    statuses = statuses_of(value)
    if statuses is None:
        if is_context(value):
            yield NoPosts("mastodon thread context without replies or ancestors", document.source)
            return
        if value == []:
            yield NoPosts("empty mastodon status list", document.source)
            return
        raise RecordError("not a Mastodon status, status array or thread context")
    thread = _Thread(
        statuses, _instance(statuses, context.options), value if is_context(value) else None
    )
    posts: dict[str, Post] = {}
    notes: list[Item] = []
    for status in statuses:
        if not isinstance(status, dict):
            raise RecordError("a Mastodon status list holds a non-object entry")
        for item in _status_items(status, thread, context, document.source, direct=True):
            if isinstance(item, Post):
                if item.id not in posts or (item.direct and not posts[item.id].direct):
                    posts[item.id] = item
            else:
                notes.append(item)
    yield from posts.values()
    yield from notes


def _host(url: Any) -> str | None:
    return urlsplit(url).hostname if isinstance(url, str) and url else None


def _instance(statuses: list[Any], options: Mapping[str, str]) -> str:
    if options.get("instance"):
        return options["instance"]
    flat = [s for s in statuses if isinstance(s, dict)]
    flat += [s["reblog"] for s in flat if isinstance(s.get("reblog"), dict)]
    for status in flat:
        account = status.get("account") or {}
        if "@" not in str(account.get("acct", "@")) and _host(account.get("url")):
            return str(_host(account.get("url")))
    for status in flat:
        for tag in status.get("tags") or []:
            if isinstance(tag, dict) and _host(tag.get("url")):
                return str(_host(tag.get("url")))
    return "unknown-instance"


def full_acct(acct: str, url: Any) -> str:
    """``user@host`` for an ``acct`` that is local (``user``) to the serving instance."""
    if "@" in acct:
        return acct
    host = _host(url)
    return f"{acct}@{host}" if host else acct


class _Thread:
    """What one document says about replies: local ids to URIs, and the thread root."""

    def __init__(self, statuses: list[Any], instance: str, context_value: Any) -> None:
        self.instance = instance
        self.by_local: dict[str, dict[str, Any]] = {}
        for status in statuses:
            if isinstance(status, dict):
                self.by_local[str(status.get("id"))] = status
                if isinstance(status.get("reblog"), dict):
                    self.by_local[str(status["reblog"].get("id"))] = status["reblog"]
        self.context_root: str | None = None
        if context_value is not None:
            ancestors = context_value["ancestors"]
            if (
                ancestors
                and isinstance(ancestors[0], dict)
                and not ancestors[0].get("in_reply_to_id")
            ):
                self.context_root = str(ancestors[0]["uri"])
            elif not ancestors:
                missing = {
                    str(s.get("in_reply_to_id"))
                    for s in context_value["descendants"]
                    if isinstance(s, dict) and str(s.get("in_reply_to_id")) not in self.by_local
                }
                if len(missing) == 1:
                    self.context_root = self.local(missing.pop())

    def local(self, local_id: str) -> str:
        return f"local:{self.instance}:{local_id}"

    def status_ref(self, local_id: Any) -> str | None:
        if local_id is None:
            return None
        parent = self.by_local.get(str(local_id))
        return str(parent["uri"]) if parent else self.local(str(local_id))

    def root(self, status: dict[str, Any]) -> str | None:
        if self.context_root is not None:
            return self.context_root
        seen: set[str] = set()
        while status.get("in_reply_to_id") is not None:
            parent = self.by_local.get(str(status["in_reply_to_id"]))
            if parent is None or str(parent.get("id")) in seen:
                return None
            seen.add(str(parent.get("id")))
            status = parent
        return str(status["uri"])


def _time(value: Any, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise RecordError(f"mastodon status {what}: bad timestamp {value!r}") from exc
    if moment.tzinfo is None:
        raise RecordError(f"mastodon status {what}: timestamp {value!r} has no time zone")
    return moment


def _count(status: dict[str, Any], key: str) -> int | None:
    value = status.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _status_items(
    status: dict[str, Any],
    thread: _Thread,
    context: ParseContext,
    source: SourceRef,
    *,
    direct: bool,
) -> Iterator[Item]:
    uri = status.get("uri")
    account = status.get("account")
    if not isinstance(uri, str) or not uri or not isinstance(account, dict):
        raise RecordError("mastodon status without uri or account")
    pseudonyms = context.pseudonyms
    author = pseudonyms.account(PLATFORM, str(account["url"])) if account.get("url") else None
    handle = full_acct(str(account["acct"]), account.get("url")) if account.get("acct") else None
    common: dict[str, Any] = {
        "platform": PLATFORM,
        "id": uri,
        "author": author,
        "created_at": _time(status.get("created_at"), uri),
        "source": source,
        "format": FORMAT,
        "raw": orjson.dumps(status),
        "author_handle": pseudonyms.handle(PLATFORM, handle) if handle else None,
        "utc_offset_minutes": 0,
        "engagement": Engagement(
            replies=_count(status, "replies_count"),
            reposts=_count(status, "reblogs_count"),
            likes=_count(status, "favourites_count"),
            quotes=_count(status, "quotes_count"),
        ),
        "direct": direct,
    }
    reblog = status.get("reblog")
    if isinstance(reblog, dict):
        yield Post(kind=PostKind.REPOST, text=None, reposted_id=str(reblog.get("uri")), **common)
        yield from _status_items(reblog, thread, context, source, direct=False)
        return
    mentions = [m for m in status.get("mentions") or [] if isinstance(m, dict)]
    by_url = {str(m.get("url")): full_acct(str(m.get("acct")), m.get("url")) for m in mentions}

    def rewrite(anchor: Anchor) -> str | None:
        return "@" + by_url[anchor.href] if anchor.is_mention and anchor.href in by_url else None

    body = html_to_text(str(status.get("content") or ""), replace_anchor=rewrite)
    spoiler = str(status.get("spoiler_text") or "").strip()
    text = f"{spoiler}\n\n{body.text}" if spoiler and body.text else spoiler or body.text
    quoted = _quoted(status)
    reply_to = thread.status_ref(status.get("in_reply_to_id"))
    kind = PostKind.REPLY if reply_to else PostKind.QUOTE if quoted else PostKind.ORIGINAL
    yield Post(
        kind=kind,
        text=pseudonyms.scrub_text(PLATFORM, text),
        lang=status.get("language") or None,
        reply_to_id=reply_to,
        reply_to_author=_reply_author(status, thread, mentions, context),
        quoted_id=_quoted_id(quoted, thread),
        conversation_id=thread.root(status),
        hashtags=_hashtags(status, body.anchors),
        mentions=tuple(
            pseudonyms.account(PLATFORM, str(m["url"])) for m in mentions if m.get("url")
        ),
        links=tuple(
            a.href for a in body.anchors if a.href and not a.is_hashtag and not a.is_mention
        ),
        **common,
    )
    if status.get("edited_at"):
        yield NoPosts(
            f"mastodon status {uri} was edited at {status['edited_at']}; only the version current "
            "at collection time is in the payload",
            source,
        )
    if quoted is not None and isinstance(quoted.get("quoted_status"), dict):
        yield from _status_items(quoted["quoted_status"], thread, context, source, direct=False)


def _quoted(status: dict[str, Any]) -> dict[str, Any] | None:
    quote = status.get("quote")
    if not isinstance(quote, dict):
        return None
    if isinstance(quote.get("quoted_status"), dict) or quote.get("quoted_status_id"):
        return quote
    return None


def _quoted_id(quote: dict[str, Any] | None, thread: _Thread) -> str | None:
    if quote is None:
        return None
    if isinstance(quote.get("quoted_status"), dict):
        return str(quote["quoted_status"].get("uri"))
    return thread.status_ref(quote.get("quoted_status_id"))


def _reply_author(
    status: dict[str, Any], thread: _Thread, mentions: list[dict[str, Any]], context: ParseContext
) -> str | None:
    account_id = status.get("in_reply_to_account_id")
    if account_id is None:
        return None
    parent = thread.by_local.get(str(status.get("in_reply_to_id")))
    url: Any = None
    if parent is not None:
        url = (parent.get("account") or {}).get("url")
    elif str(account_id) == str(status["account"].get("id")):
        url = status["account"].get("url")
    else:
        url = next((m.get("url") for m in mentions if str(m.get("id")) == str(account_id)), None)
    return context.pseudonyms.account(PLATFORM, str(url)) if url else None


def _hashtags(status: dict[str, Any], anchors: tuple[Anchor, ...]) -> tuple[str, ...]:
    """``tags[].name`` in the form written in the content where a hashtag link shows it."""
    names = [
        str(t["name"]) for t in status.get("tags") or [] if isinstance(t, dict) and t.get("name")
    ]
    wanted = {normalize_hashtag(n): n for n in names}
    found: dict[str, str] = {}
    for anchor in anchors:
        if anchor.is_hashtag:
            written = anchor.text.strip().lstrip("#＃")
            key = normalize_hashtag(written)
            if key in wanted and key not in found:
                found[key] = written
    missing = [name for key, name in wanted.items() if key not in found]
    return (*found.values(), *missing)
