"""Twitter API v2 tweet and user objects as JSON text, built a column (and a tweet kind) at a time.

The text is ASCII, non-ASCII characters escaped, as twarc2 writes it (``json.dumps`` defaults).
"""

from __future__ import annotations

import json

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import NAMES
from groundswell.simulate._arrays import Strs, strs
from groundswell.simulate._common import Context, by_key, iso_chars
from groundswell.simulate._config import ORIGINAL, QUOTE, REPLY, REPOST, TWITTER
from groundswell.simulate._ids import ascii_strings, decimal_strings
from groundswell.simulate._templates import LANGS

__all__ = ["Tweets", "user_objects"]

I64 = NDArray[np.int64]
_NAME_JSON = arrow.strings([json.dumps(name) for name in NAMES])
_USER_TAILS = arrow.strings(
    [
        f',"following_count":{150 + a % 500},"tweet_count":{1000 + a % 9000}}},'
        f'"created_at":"2012-03-0{1 + a % 9}T10:00:00.000Z"}}'
        for a in range(9000)
    ]
)
"""The end of a user object after its follower count, by account index modulo 9000."""


class Tweets:
    """The tweets of ``sel`` (ids ``ids``, parents at ``ppos`` in ``sel``) as v2 tweet objects.

    Each object has the query's fields and comes after a comma, ready to be an element of a JSON
    array; ``times`` holds each tweet's time. The columns are prepared once and ``objects`` makes
    the text of any rows, so a writer can make a few pages' tweets at a time and drop them once
    written: their memory is then reused, where making every tweet first would fault in fresh
    pages for all of them (much of the cost).
    """

    def __init__(self, ctx: Context, sel: I64, ids: I64, ppos: I64) -> None:
        w, acc = ctx.world, ctx.accounts[TWITTER]
        n = len(sel)
        kind, account = w.kind[sel], w.account[sel]
        handle = acc.handle
        sid = strs(decimal_strings(ids))
        pacc = account[np.maximum(ppos, 0)]
        entry = np.where(kind == REPOST, w.text[np.maximum(w.parent[sel], 0)], w.text[sel])
        width = arrow.lengths(acc.handles)[pacc]
        key = (entry * len(LANGS) + w.lang[sel]) * 256 + np.where(kind == ORIGINAL, 0, width)
        text_json = strs([json.dumps(e.text) for e in ctx.catalogue.entries])
        text = np.empty(n, dtype=object)  # what the text of a kind's row is made of
        makers = {
            ORIGINAL: lambda k: _plain(ctx, text_json, k),
            QUOTE: lambda k: _plain(ctx, text_json, k),
            REPLY: lambda k: _tail(ctx, text_json, k, 0),
            REPOST: lambda k: _tail(ctx, text_json, k, 3),
        }
        for k, make in makers.items():
            on = np.flatnonzero(kind == k)
            text[on] = by_key(key[on], make)
        pos = np.full(len(w.t), -1, dtype=np.int64)
        pos[sel] = np.arange(n)
        self.times: I64 = w.t[sel]
        self._created = iso_chars(self.times)
        self._kind, self._sid, self._text, self._account = kind, sid, text, account
        self._uid, self._handle = acc.native_id, handle  # by account
        self._parent, self._parent_account = np.maximum(ppos, 0), pacc
        self._root = pos[w.root[sel]]  # a reply's thread
        self._counts = [ctx.reposts[sel], ctx.replies[sel], ctx.likes[sel], ctx.quotes[sel]]
        quiet = (self._counts[0] == 0) & (self._counts[1] == 0) & (self._counts[3] == 0)
        self._quiet = quiet
        self._quiet_metrics = strs(
            [
                f'{{"retweet_count":0,"reply_count":0,"like_count":{x},"quote_count":0}}'
                for x in range(int(self._counts[2][quiet].max(initial=0)) + 1)
            ]
        )  # the metrics of a tweet nobody answered, by its like count

    def objects(self, rows: I64) -> Strs:
        """The tweet objects of ``rows`` (positions in ``sel``), in that order."""
        out = np.empty(len(rows), dtype=object)
        kind = self._kind[rows]

        def columns(at: I64, *more: Strs) -> zip[tuple[str, ...]]:
            """Id, author, metrics, time, text of the rows ``rows[at]``, then ``more`` (theirs)."""
            on = rows[at]
            return zip(
                self._sid[on].tolist(),
                self._uid[self._account[on]].tolist(),
                self._metrics(on),
                ascii_strings(self._created[on]),
                self._text[on].tolist(),
                *(c.tolist() for c in more),
                strict=True,
            )

        at = np.flatnonzero(kind == ORIGINAL)
        out[at] = [
            f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",{p}'
            f'"public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
            for i, u, m, c, p in columns(at)
        ]
        at = np.flatnonzero(kind == QUOTE)
        out[at] = [
            f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",{p}'
            f'"referenced_tweets":[{{"type":"quoted","id":"{r}"}}],"public_metrics":{m},'
            f'"edit_history_tweet_ids":["{i}"]}}'
            for i, u, m, c, p, r in columns(at, self._sid[self._parent[rows[at]]])
        ]
        at = np.flatnonzero(kind == REPLY)
        on, parent = rows[at], self._parent_account[rows[at]]
        out[at] = [
            f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{cv}",'
            f'"text":"@{h} {tail}{h}"}}]}},"referenced_tweets":[{{"type":"replied_to","id":"{r}"}}],'
            f'"in_reply_to_user_id":"{pu}","public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
            for i, u, m, c, tail, cv, h, r, pu in columns(
                at,
                self._sid[self._root[on]],
                self._handle[parent],
                self._sid[self._parent[on]],
                self._uid[parent],
            )
        ]
        at = np.flatnonzero(kind == REPOST)
        on, parent = rows[at], self._parent_account[rows[at]]
        out[at] = [
            f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",'
            f'"text":"RT @{h}: {tail}{h}"}}]}},"referenced_tweets":[{{"type":"retweeted","id":"{r}"}}],'
            f'"public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
            for i, u, m, c, tail, h, r in columns(
                at, self._handle[parent], self._sid[self._parent[on]]
            )
        ]
        return out

    def _metrics(self, on: I64) -> list[str]:
        """``public_metrics`` objects of the rows ``on``."""
        counts = [c[on] for c in self._counts]
        quiet = self._quiet[on]
        out = np.empty(len(on), dtype=object)
        out[quiet] = self._quiet_metrics[counts[2][quiet]]
        out[~quiet] = [
            f'{{"retweet_count":{a},"reply_count":{b},"like_count":{c},"quote_count":{d}}}'
            for a, b, c, d in zip(*(x[~quiet].tolist() for x in counts), strict=True)
        ]
        metrics: list[str] = out.tolist()
        return metrics


def _hashtags(ctx: Context, entry: int, shift: int) -> str:
    return ",".join(
        f'{{"start":{a + shift},"end":{b + shift},"tag":{json.dumps(t)}}}'
        for t, a, b, _, _ in ctx.catalogue.entries[entry].tags
    )


def _plain(ctx: Context, text_json: Strs, key: int) -> str:
    """``"text"``, ``"lang"`` and hashtag ``"entities"`` of an own-words tweet."""
    entry, lang = divmod(key >> 8, len(LANGS))
    tags = _hashtags(ctx, entry, 0)
    entities = f'"entities":{{"hashtags":[{tags}]}},' if tags else ""
    return f'"text":{text_json[entry]},"lang":"{LANGS[lang]}",{entities}'


def _tail(ctx: Context, text_json: Strs, key: int, at: int) -> str:
    """After ``@handle `` (``at`` 0) or ``RT @handle: `` (``at`` 3): text, lang, entities."""
    entry, lang = divmod(key >> 8, len(LANGS))
    width = key & 255
    tags = _hashtags(ctx, entry, at + width + (2 if at == 0 else 3))
    hashtags = f'"hashtags":[{tags}],' if tags else ""
    return (
        f'{text_json[entry][1:]},"lang":"{LANGS[lang]}","entities":{{{hashtags}'
        f'"mentions":[{{"start":{at},"end":{at + 1 + width},"username":"'
    )


def user_objects(ctx: Context, needed: I64) -> Strs:
    """v2 user objects (each after a comma) of the ``needed`` accounts, indexed by account.

    Their join date and counts other than followers cycle with the account index (period 9000).
    """
    acc, people = ctx.accounts[TWITTER], ctx.world.people
    followers = (people.weight[people.accounts[TWITTER][needed]] * 40).astype(np.int64)
    at = arrow.ints(needed)
    objects = arrow.joined(
        ',{"id":"', acc.native_ids.take(at), '","name":', _NAME_JSON.take(arrow.ints(acc.name_code[needed])),
        ',"username":"', acc.handles.take(at), '","public_metrics":{"followers_count":',
        arrow.decimals(followers), _USER_TAILS.take(arrow.ints(needed % 9000)),
    )  # fmt: skip
    table = np.empty(len(acc.native_ids), dtype=object)
    table[needed] = objects.to_pylist()
    return table
