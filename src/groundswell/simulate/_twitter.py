"""Write simulated tweets as twarc2 writes Twitter API v2 search results, plus a compliance file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import orjson
from numpy.typing import NDArray

from groundswell.simulate._arrays import Strs, distinct, stable_order
from groundswell.simulate._common import Context, iso_times
from groundswell.simulate._config import TWITTER
from groundswell.simulate._ids import twitter_snowflakes
from groundswell.simulate._tweets import Tweets, user_objects

__all__ = ["twitter_ids", "write_twitter"]

I64 = NDArray[np.int64]
PAGE = 100
_AHEAD = 16
"""Pages whose tweets are made at a time."""
_QUERY_URL = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Creferenced_tweets.id%2C"
    "referenced_tweets.id.author_id%2Cin_reply_to_user_id&tweet.fields=author_id%2Cconversation_id"
    "%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Creferenced_tweets"
    "%2Ctext%2Cedit_history_tweet_ids&max_results=100&query=%23MeToo%20OR%20%22me%20too%22"
)
_TWARC = orjson.dumps(
    {"url": _QUERY_URL, "version": "2.14.0", "retrieved_at": "2025-07-01T12:00:00+00:00"}
).decode()


def twitter_ids(ctx: Context) -> tuple[I64, I64]:
    """The platform's posts in time order, and their tweet ids (snowflakes)."""
    sel = ctx.select(TWITTER)
    return sel, twitter_snowflakes(ctx.world.t[sel], sel)


def write_twitter(ctx: Context, out: Path) -> dict[str, int]:
    """Write ``twitter/search.jsonl`` (response pages, newest first) and ``twitter/compliance.jsonl``.

    Returns the number of lines written per file.
    """
    w, rng = ctx.world, ctx.rngs[TWITTER]
    sel, ids = twitter_ids(ctx)
    n = len(sel)
    ppos, account = ctx.positions(sel), w.account[sel]

    # an edited tweet's older version is a record of its own, with the same edit history
    edited = np.flatnonzero(w.edited[sel])
    old_t = w.t[sel][edited] - rng.integers(60_000, 1_200_000, len(edited))
    old_ids = twitter_snowflakes(old_t, sel[edited])
    tweets = _Records(Tweets(ctx, sel, ids, ppos), ids, edited, old_ids, old_t)

    # records newest first, like a search; a crashed collector's last page is cut mid-record
    rec = np.arange(n + len(edited), dtype=np.int64)
    rec_j = np.concatenate([np.arange(n, dtype=np.int64), edited])
    order = stable_order(-np.concatenate([w.t[sel], old_t]))
    rec, rec_j = rec[order], rec_j[order]
    rec_ids = np.concatenate([ids, old_ids])[rec]
    bad = w.malformed[sel][rec_j]
    users = user_objects(ctx, distinct(account))
    (out / "twitter").mkdir(parents=True, exist_ok=True)
    lines = 0
    with (out / "twitter" / "search.jsonl").open("wb", buffering=1 << 20) as f:
        good = ~bad
        for page in _pages(
            tweets, rec[good], rec_j[good], rec_ids[good], ppos, account, users, PAGE
        ):
            f.write("".join(page).encode())
            lines += 1
        if bad.any():
            for page in _pages(
                tweets, rec[bad], rec_j[bad], rec_ids[bad], ppos, account, users, 10_000
            ):
                line = "".join(page).encode()
                f.write(line[: len(line) // 2] + b"\n")
                lines += 1

    gone = np.flatnonzero(w.deleted[sel])
    when = w.t[sel][gone] + rng.integers(3_600_000, 90 * 86_400_000, len(gone))
    order_d = stable_order(when)
    compliance = [
        f'{{"id":"{i}","action":"delete","created_at":"{s}","reason":"deleted"}}\n'
        for i, s in zip(ids[gone[order_d]].tolist(), iso_times(when[order_d]), strict=True)
    ]
    (out / "twitter" / "compliance.jsonl").write_text("".join(compliance), encoding="utf-8")
    return {"data/twitter/search.jsonl": lines, "data/twitter/compliance.jsonl": len(compliance)}


class _Records:
    """The text of every record by record index (a tweet, or from ``n`` on an edited tweet's older
    version), made when first asked for and dropped when the caller is done with it.

    A few pages' tweets live at a time, so their memory is reused instead of freshly faulted in.
    """

    def __init__(self, tweets: Tweets, ids: I64, edited: I64, old_ids: I64, old_t: I64) -> None:
        self._tweets, self._ids, self._n = tweets, ids, len(ids)
        self._edited, self._old_ids = edited, old_ids
        self._now, self._then = iso_times(tweets.times[edited]), iso_times(old_t)
        self._version = np.full(len(ids), -1, dtype=np.int64)  # a tweet's index among the edited
        self._version[edited] = np.arange(len(edited))
        self.text: Strs = np.empty(len(ids) + len(edited), dtype=object)
        self._made = np.zeros(len(self.text), dtype=np.bool_)

    def make(self, records: I64) -> None:
        """Make the text of the ``records`` not made yet (of its tweet, for an older version)."""
        records = records[~self._made[records]]
        if not len(records):
            return
        n, edited = self._n, self._edited
        old = records >= n
        records[old] = edited[records[old] - n]
        rows = distinct(records)
        text = self._tweets.objects(rows)
        for at in np.flatnonzero(self._version[rows] >= 0).tolist():
            k = int(self._version[rows[at]])
            text[at], self.text[n + k] = self._edit(int(rows[at]), k, text[at])
            self._made[n + k] = True
        self.text[rows] = text
        self._made[rows] = True

    def drop(self, records: I64) -> None:
        """Forget the text of ``records``."""
        self.text[records] = None
        self._made[records] = False

    def _edit(self, j: int, k: int, text: str) -> tuple[str, str]:
        """Tweet ``j`` (edited tweet ``k``) with its edit history, and its older version."""
        i, old, now, then = self._ids[j], int(self._old_ids[k]), self._now[k], self._then[k]
        text = text.replace(
            f'"edit_history_tweet_ids":["{i}"]', f'"edit_history_tweet_ids":["{old}","{i}"]'
        )
        older = text.replace(f',{{"id":"{i}"', f',{{"id":"{old}"', 1).replace(
            f'"created_at":"{now}"', f'"created_at":"{then}"', 1
        )
        return text, older


def _pages(
    tweets: _Records,
    rec: I64,
    rec_j: I64,
    rec_ids: I64,
    ppos: I64,
    account: I64,
    users: Strs,
    size: int,
) -> Iterator[list[str]]:
    """twarc2 response pages of ``size`` records: data, the users and tweets they refer to, meta.

    ``tweets`` and ``users`` are JSON objects each after a comma; a page is the list of its parts.
    The tweets are made some pages ahead, and dropped once their pages are written.
    """
    if not len(rec):
        return
    page_of = np.arange(len(rec), dtype=np.int64) // size
    n_pages = int(page_of[-1]) + 1
    par = ppos[rec_j]
    has = par >= 0
    u = distinct(
        np.concatenate([page_of << 32 | account[rec_j], page_of[has] << 32 | account[par[has]]])
    )
    r = distinct(page_of[has] << 32 | par[has])
    u_cut = np.searchsorted(u >> 32, np.arange(n_pages + 1)).tolist()
    r_cut = np.searchsorted(r >> 32, np.arange(n_pages + 1)).tolist()
    u &= 0xFFFFFFFF
    r &= 0xFFFFFFFF
    starts = np.arange(n_pages) * size
    ends = np.minimum(starts + size, len(rec))
    newest, oldest = rec_ids[starts].tolist(), rec_ids[ends - 1].tolist()
    made = 0  # pages whose tweets are made
    for p, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if p == made:  # the pages before are written: drop their records, make the next ones'
            tweets.drop(rec[int(starts[max(p - _AHEAD, 0)]) : s])
            made = min(p + _AHEAD, n_pages)
            ahead = [rec[s : int(ends[made - 1])], r[r_cut[p] : r_cut[made]]]
            tweets.make(np.concatenate(ahead))
        token = (
            ""
            if p == n_pages - 1
            else f',"next_token":"b26v89c19zqg8o3f{p:06d}{newest[p] % 1_000_000:06d}"'
        )
        meta = (
            f'{{"newest_id":"{newest[p]}","oldest_id":"{oldest[p]}","result_count":{e - s}{token}}}'
        )
        # gathered a page at a time, each string is touched while it is still in the CPU's cache
        page = ['{"data":[', *_items(tweets.text[rec[s:e]].tolist())]
        page += ['],"includes":{"users":[', *_items(users[u[u_cut[p] : u_cut[p + 1]]].tolist())]
        if r_cut[p + 1] > r_cut[p]:
            page += ['],"tweets":[', *_items(tweets.text[r[r_cut[p] : r_cut[p + 1]]].tolist())]
        page.append(f']}},"meta":{meta},"__twarc":{_TWARC}}}\n')
        yield page


def _items(items: list[str]) -> list[str]:
    """``items``, each after a comma, as the elements of a JSON array."""
    if items:
        items[0] = items[0][1:]
    return items
