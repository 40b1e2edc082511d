"""Twitter API v2 tweet and user objects as JSON text, built a column (and a tweet kind) at a time.

The text is ASCII, non-ASCII characters escaped, as twarc2 writes it (``json.dumps`` defaults).
"""

from __future__ import annotations

import json

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._accounts import NAMES
from groundswell.simulate._arrays import Strs, strs
from groundswell.simulate._common import Context, by_key, iso_times
from groundswell.simulate._config import ORIGINAL, QUOTE, REPLY, REPOST, TWITTER
from groundswell.simulate._ids import decimal_strings
from groundswell.simulate._templates import LANGS

__all__ = ["tweet_objects", "user_objects"]

I64 = NDArray[np.int64]
_NAME_JSON = strs([json.dumps(name) for name in NAMES])
_USER_TAILS = strs(
    [
        f',"following_count":{150 + a % 500},"tweet_count":{1000 + a % 9000}}},'
        f'"created_at":"2012-03-0{1 + a % 9}T10:00:00.000Z"}}'
        for a in range(9000)
    ]
)
"""The end of a user object after its follower count, by account index modulo 9000."""


def tweet_objects(ctx: Context, sel: I64, ids: I64) -> Strs:
    """Every tweet of ``sel`` (ids ``ids``) as a v2 tweet object with the query's fields.

    Each object comes after a comma, ready to be an element of a JSON array.
    """
    w, acc = ctx.world, ctx.accounts[TWITTER]
    n = len(sel)
    kind, account, ppos = w.kind[sel], w.account[sel], ctx.positions(sel)
    handle, uid = acc.handle, acc.native_id
    sid = strs(decimal_strings(ids))
    pid = sid[np.maximum(ppos, 0)]
    pacc = account[np.maximum(ppos, 0)]
    entry = np.where(kind == REPOST, w.text[np.maximum(w.parent[sel], 0)], w.text[sel])
    width = np.fromiter(map(len, handle), dtype=np.int64, count=len(handle))[pacc]
    key = (entry * len(LANGS) + w.lang[sel]) * 256 + np.where(kind == ORIGINAL, 0, width)
    text_json = strs([json.dumps(e.text) for e in ctx.catalogue.entries])
    common = (sid, uid[account], strs(iso_times(w.t[sel])), _metrics(ctx, sel))
    rows = np.empty(n, dtype=object)

    def columns(on: I64, *more: Strs) -> zip[tuple[str, ...]]:
        """The common columns of the rows ``on``, then ``more`` (given for those rows only)."""
        return zip(*(c[on].tolist() for c in common), *(c.tolist() for c in more), strict=True)

    on = np.flatnonzero(kind == ORIGINAL)
    rows[on] = [
        f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",{p}'
        f'"public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
        for i, u, c, m, p in columns(on, by_key(key[on], lambda k: _plain(ctx, text_json, k)))
    ]
    on = np.flatnonzero(kind == QUOTE)
    rows[on] = [
        f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",{p}'
        f'"referenced_tweets":[{{"type":"quoted","id":"{r}"}}],"public_metrics":{m},'
        f'"edit_history_tweet_ids":["{i}"]}}'
        for i, u, c, m, p, r in columns(
            on, by_key(key[on], lambda k: _plain(ctx, text_json, k)), pid[on]
        )
    ]
    on = np.flatnonzero(kind == REPLY)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    rows[on] = [
        f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{cv}",'
        f'"text":"@{h} {tail}{h}"}}]}},"referenced_tweets":[{{"type":"replied_to","id":"{r}"}}],'
        f'"in_reply_to_user_id":"{pu}","public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
        for i, u, c, m, cv, h, tail, r, pu in columns(
            on,
            sid[pos[w.root[sel[on]]]],
            handle[pacc[on]],
            by_key(key[on], lambda k: _tail(ctx, text_json, k, 0)),
            pid[on],
            uid[pacc[on]],
        )
    ]
    on = np.flatnonzero(kind == REPOST)
    rows[on] = [
        f',{{"id":"{i}","author_id":"{u}","created_at":"{c}","conversation_id":"{i}",'
        f'"text":"RT @{h}: {tail}{h}"}}]}},"referenced_tweets":[{{"type":"retweeted","id":"{r}"}}],'
        f'"public_metrics":{m},"edit_history_tweet_ids":["{i}"]}}'
        for i, u, c, m, h, tail, r in columns(
            on, handle[pacc[on]], by_key(key[on], lambda k: _tail(ctx, text_json, k, 3)), pid[on]
        )
    ]
    return rows


def _metrics(ctx: Context, sel: I64) -> Strs:
    """``public_metrics`` objects; one string per like count for tweets nobody answered."""
    counts = [ctx.reposts[sel], ctx.replies[sel], ctx.likes[sel], ctx.quotes[sel]]
    out = np.empty(len(sel), dtype=object)
    quiet = (counts[0] == 0) & (counts[1] == 0) & (counts[3] == 0)
    out[quiet] = by_key(
        counts[2][quiet],
        lambda x: f'{{"retweet_count":0,"reply_count":0,"like_count":{x},"quote_count":0}}',
    )
    out[~quiet] = [
        f'{{"retweet_count":{a},"reply_count":{b},"like_count":{c},"quote_count":{d}}}'
        for a, b, c, d in zip(*(x[~quiet].tolist() for x in counts), strict=True)
    ]
    return out


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
    columns = zip(
        acc.native_id[needed].tolist(), _NAME_JSON[acc.name_code[needed]].tolist(),
        acc.handle[needed].tolist(), followers.tolist(), _USER_TAILS[needed % 9000].tolist(),
        strict=True,
    )  # fmt: skip
    table = np.empty(len(acc.native_id), dtype=object)
    table[needed] = [
        f',{{"id":"{i}","name":{nm},"username":"{h}","public_metrics":{{"followers_count":{f}{tail}'
        for i, nm, h, f, tail in columns
    ]
    return table
