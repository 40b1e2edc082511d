"""Write simulated toots as Mastodon REST API Status entities, one a line, and a deletions list."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import INSTANCES, NAMES
from groundswell.simulate._arrays import distinct, distinct_inverse
from groundswell.simulate._common import Context, Output, iso_texts, write_joined
from groundswell.simulate._config import MASTODON, REPLY, REPOST
from groundswell.simulate._ids import mastodon_ids
from groundswell.simulate._templates import LANGS

__all__ = ["write_mastodon"]

I64 = NDArray[np.int64]
_NAME_JSON = arrow.strings([orjson.dumps(name).decode() for name in NAMES])
_HOSTS = arrow.strings([f"https://{i}/" for i in INSTANCES])
_SUFFIX = arrow.strings(["", "/activity"])
"""After a status's URI: nothing, or ``/activity`` for a boost."""
_ACCTS = arrow.strings(["" if i == "mastodon.social" else f"@{i}" for i in INSTANCES])
"""What follows the username in ``acct``: the instance, unless it is the home one."""
_LANGS = arrow.strings([*LANGS, ""])
_NONE, _EMPTY = arrow.strings(["None"]), arrow.strings([""])
_REPLY_START = arrow.strings(
    ['"in_reply_to_id":null,"in_reply_to_account_id":null,', '"in_reply_to_id":"', ""]
)
_REPLY_MIDDLE = arrow.strings(["", '","in_reply_to_account_id":"', ""])
_REPLY_END = arrow.strings(["", '",', ""])
"""``in_reply_to`` of a status that answers none, of a reply, and of a boost: around the ids."""
_OWN = arrow.strings(
    [
        '","url":"',
        '","url":null,"in_reply_to_id":null,"in_reply_to_account_id":null,"language":null,"replies_count":',
    ]
)
_OWN_URL_END = arrow.strings(['",', ""])
_LANGUAGE = arrow.strings(['"language":"', ""])
_LANGUAGE_END = arrow.strings(['","replies_count":', ""])
_EMBED = arrow.strings([',"reblog":null', '"content":"","reblog":'])
_TAIL = arrow.strings(
    [
        ',"media_attachments":[],"mentions":[],"emojis":[],"card":null,"poll":null}',
        ',"media_attachments":[],"mentions":[],"tags":[],"emojis":[],"card":null,"poll":null}',
    ]
)
"""Pieces of an own-words status (0) and of a boost (1) where they differ."""


def _content(text: str, tags: tuple[tuple[str, int, int, int, int], ...], instance: str) -> str:
    """Mastodon's HTML for a plain text: paragraphs, hashtags as ``mention hashtag`` links."""
    out, last = [], 0
    for tag, start, end, _, _ in tags:
        out.append(html.escape(text[last:start], quote=False))
        href = f"https://{instance}/tags/{tag.lower()}"
        out.append(
            f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{html.escape(tag)}</span></a>'
        )
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "<p>" + "".join(out) + "</p>"


def _uris(ctx: Context) -> tuple[I64, pa.Array, pa.Array]:
    """The platform's posts in time order, their instance-local ids and their URIs."""
    w, acc = ctx.world, ctx.accounts[MASTODON]
    sel = ctx.select(MASTODON)
    local = arrow.decimals(mastodon_ids(w.t[sel], sel))
    account = arrow.ints(w.account[sel])
    host = _HOSTS.take(arrow.ints(acc.instance)).take(account)
    suffix = _SUFFIX.take(arrow.ints((w.kind[sel] == REPOST).astype(np.int64)))
    uris = arrow.joined(host, "users/", acc.handles.take(account), "/statuses/", local, suffix)
    return sel, local, uris


def write_mastodon(ctx: Context, out: Path) -> Output:
    """Write ``mastodon/statuses.jsonl`` (time order) and ``mastodon/deletions.txt`` (status URIs).

    The posts' ids are their URIs.
    """
    w = ctx.world
    sel, local, uris = _uris(ctx)
    statuses = _Statuses(ctx, sel, local, uris)
    written = write_joined(
        out / "mastodon" / "statuses.jsonl", len(sel), statuses.lines, w.malformed[sel]
    )
    gone = np.flatnonzero(w.deleted[sel])
    (out / "mastodon" / "deletions.txt").write_text(
        "".join(u + "\n" for u in uris.take(arrow.ints(gone)).to_pylist()), encoding="utf-8"
    )
    files = {"data/mastodon/statuses.jsonl": written, "data/mastodon/deletions.txt": len(gone)}
    return Output(sel=sel, ids=statuses.uris, files=files)


class _Statuses:
    """The Status entities of the platform's posts, joined by Arrow a part (a slice of ``sel``)
    at a time from their fields' strings; a boost embeds the status it boosts."""

    def __init__(self, ctx: Context, sel: I64, ids: pa.Array, uris: pa.Array) -> None:
        w, acc = ctx.world, ctx.accounts[MASTODON]
        n = len(sel)
        self.uris, self._ids = uris, ids
        self._account, ppos, kind = w.account[sel], ctx.positions(sel), w.kind[sel]
        self._t = w.t[sel]
        self._counts = (ctx.replies[sel], ctx.reposts[sel], ctx.likes[sel])
        needed = distinct(self._account)
        self._entities = _accounts(ctx, needed)
        self._entity = np.searchsorted(needed, self._account)  # a status's account's entity
        self._boost = kind == REPOST
        # the status a boost embeds: its parent (were one missing, -1 would read the last status)
        self._embeds = np.where(ppos >= 0, ppos, n - 1)
        own = np.flatnonzero(~self._boost)
        keys, inverse = distinct_inverse(
            w.text[sel][own] * len(INSTANCES) + acc.instance[self._account[own]]
        )
        # the fields of own statuses only, as indices into arrays whose last string is empty
        # (what a boost has): "content" and "tags", URL, language, in_reply_to
        self._bodies = arrow.strings([*(_body(ctx, k) for k in keys.tolist()), ""])
        self._body = np.full(n, len(keys), dtype=np.int64)
        self._body[own] = inverse
        m = len(acc.native_ids)
        url = arrow.joined(acc.keys, "/")  # an account's key is its profile URL
        self._url = pa.concat_arrays([url, _EMPTY])  # by account: a status's URL but its id
        self._url_at = np.where(self._boost, m, self._account)
        self._id_at = np.where(self._boost, n, np.arange(n))
        self._lang = np.where(self._boost, len(LANGS), w.lang[sel])
        # in_reply_to: a start, the parent's id, a middle, its account's id, an end
        reply = (kind == REPLY) & (ppos >= 0)
        self._reply = np.where(self._boost, 2, reply.astype(np.int64))
        self._parent_id = np.where(reply, ppos, n)
        self._parent_account = np.where(reply, self._account[np.maximum(ppos, 0)], m)
        self._ids_or_none = pa.concat_arrays([ids, _EMPTY])
        self._native_ids = pa.concat_arrays([acc.native_ids, _EMPTY])

    def lines(self, part: slice) -> pa.Array:
        """The lines of the statuses ``part``: own-words statuses and boosts, each boost embedding
        the status it boosts (``None`` were that a boost)."""
        on = np.arange(part.start, part.stop, dtype=np.int64)
        boost = self._boost[part]
        embeds = self._embeds[on[boost]]
        embedded = np.flatnonzero(~self._boost[embeds])
        statuses = pa.concat_arrays([_NONE, _EMPTY, self._status(embeds[embedded])])
        which = np.ones(len(on), dtype=np.int64)  # an own status embeds nothing (the empty text)
        which[boost] = 0
        which[np.flatnonzero(boost)[embedded]] = 2 + np.arange(len(embedded))
        return self._status(on, statuses.take(arrow.ints(which)), "\n")

    def _status(self, on: I64, embedded: pa.Array | None = None, end: str = "") -> pa.Array:
        """The Status entities of ``on``, then ``end``; a boost among them embeds its
        ``embedded`` status (where ``embedded`` is ``None``, ``on`` holds no boost)."""
        index = arrow.ints(on)
        kind = arrow.ints(self._boost[on].astype(np.int64))
        reply = arrow.ints(self._reply[on])
        counts = [arrow.decimals(c[on]) for c in self._counts]
        own = [  # an own status's fields from its URL to its replies count; a boost's constant
            _OWN.take(kind), self._url.take(arrow.ints(self._url_at[on])),
            self._ids_or_none.take(arrow.ints(self._id_at[on])), _OWN_URL_END.take(kind),
            _REPLY_START.take(reply), self._ids_or_none.take(arrow.ints(self._parent_id[on])),
            _REPLY_MIDDLE.take(reply), self._native_ids.take(arrow.ints(self._parent_account[on])),
            _REPLY_END.take(reply), _LANGUAGE.take(kind), _LANGS.take(arrow.ints(self._lang[on])),
            _LANGUAGE_END.take(kind),
        ]  # fmt: skip
        return arrow.joined(
            '{"id":"', self._ids.take(index), '","created_at":"', iso_texts(self._t[on]), '","sensitive":false,'
            '"spoiler_text":"","visibility":"public","uri":"', self.uris.take(index), *own,
            counts[0], ',"reblogs_count":', counts[1], ',"favourites_count":', counts[2],
            ',"edited_at":null,', self._bodies.take(arrow.ints(self._body[on])),
            _EMBED.take(kind), "" if embedded is None else embedded,
            ',"account":', self._entities.take(arrow.ints(self._entity[on])),
            _TAIL.take(kind), end,
        )  # fmt: skip


def _accounts(ctx: Context, needed: I64) -> pa.Array:
    """The Account entities of the ``needed`` local accounts, in that order."""
    acc = ctx.accounts[MASTODON]
    at, inst = arrow.ints(needed), arrow.ints(acc.instance[needed])
    handle, host = acc.handles.take(at), _HOSTS.take(inst)
    return arrow.joined(
        '{"id":"', acc.native_ids.take(at), '","username":"', handle, '","acct":"', handle,
        _ACCTS.take(inst), '","display_name":', _NAME_JSON.take(arrow.ints(acc.name_code[needed])),
        ',"locked":false,"bot":false,"url":"', acc.keys.take(at), '","uri":"', host, "users/",
        handle, '","emojis":[],"fields":[]}',
    )  # fmt: skip


def _body(ctx: Context, key: int) -> str:
    """``"content"`` (HTML) and ``"tags"`` of a text on an instance."""
    e, i = divmod(key, len(INSTANCES))
    entry, host = ctx.catalogue.entries[e], INSTANCES[i]
    tags = ",".join(
        orjson.dumps({"name": t.lower(), "url": f"https://{host}/tags/{t.lower()}"}).decode()
        for t, *_ in entry.tags
    )
    content = orjson.dumps(_content(entry.text, entry.tags, host)).decode()
    return f'"content":{content},"tags":[{tags}]'
