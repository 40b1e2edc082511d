"""Write simulated Reddit threads as Pushshift-style NDJSON: submissions and comments apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._arrays import strs
from groundswell.simulate._common import Context, Output, write_parts
from groundswell.simulate._config import ORIGINAL, REDDIT
from groundswell.simulate._ids import base36

__all__ = ["write_reddit"]

_SUBREDDITS = (
    ("TwoXChromosomes", "t5_2r2jt"), ("news", "t5_2qh3l"), ("AskWomen", "t5_2rxrw"),
    ("france", "t5_2qhjz"), ("italy", "t5_2qkhk"), ("mexico", "t5_2qhv7"), ("de", "t5_22i0"),
    ("CasualConversation", "t5_323oy"),
)  # fmt: skip
_BY_LANG = ((0, 1, 2, 7), (5, 1), (3, 1), (4, 1), (6, 1))
_TITLES = (
    "My story",
    "I need to say this",
    "Thoughts on the last few days",
    "Discussion thread",
    "Hello",
)
_SUB_NAME = strs([name for name, _ in _SUBREDDITS])
_SUB_ID = strs([sub_id for _, sub_id in _SUBREDDITS])
_TITLE_JSON = strs([orjson.dumps(t).decode() for t in _TITLES])
_OPTIONS = np.array([[o[i % len(o)] for i in range(4)] for o in _BY_LANG], dtype=np.int64)
"""``_OPTIONS[lang, pick]``: the subreddit of a thread (``pick`` in 0..3, cycling the options)."""


def write_reddit(ctx: Context, out: Path) -> Output:
    """Write ``reddit/submissions.ndjson`` and ``reddit/comments.ndjson`` in ``created_utc`` order.

    A submission's text is its ``title`` plus ``selftext`` (the post text is in one or the other);
    ids are base36 without prefix as in Pushshift dumps; groundswell's id is the fullname
    (``t3_`` + id for submissions, ``t1_`` + id for comments).
    """
    w, acc, rng = ctx.world, ctx.accounts[REDDIT], ctx.rngs[REDDIT]
    sel = ctx.select(REDDIT)
    n = len(sel)
    is_sub = w.kind[sel] == ORIGINAL
    raw = np.empty(n, dtype=np.int64)
    raw[is_sub] = 8_000_000 + np.arange(int(is_sub.sum())) * 3
    raw[~is_sub] = 900_000_000 + np.arange(int((~is_sub).sum())) * 5
    short = strs(base36(raw, 7))
    full = np.where(is_sub, "t3_", "t1_").astype(object) + short
    secs = w.t[sel] // 1000
    account = w.account[sel]
    author, fullname = acc.handle[account], acc.native_id[account]
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    ppos, root = ctx.positions(sel), pos[w.root[sel]]
    pick = rng.integers(0, 4, n)
    in_self = rng.random(n) < 0.5
    sub = _OPTIONS[w.lang[sel][root], pick[root]]
    body = ctx.text_json[w.text[sel]]
    score = ctx.likes[sel] - rng.integers(0, 3, n)
    malformed = w.malformed[sel]

    s = np.flatnonzero(is_sub)
    title = np.where(in_self[s], _TITLE_JSON[pick[s] % len(_TITLES)], body[s])
    selftext = np.where(in_self[s], body[s], '""')
    columns = (
        short[s], author[s], fullname[s], title, selftext, secs[s], _SUB_NAME[sub[s]],
        _SUB_ID[sub[s]], ctx.replies[sel][s], score[s],
    )  # fmt: skip

    def submissions(part: slice) -> list[str]:
        """The lines of the submissions ``part``."""
        return [
            f'{{"id":"{i}","author":"{au}","author_fullname":"{fn}","title":{ti},"selftext":{st},'
            f'"created_utc":{t},"subreddit":"{sr}","subreddit_id":"{si}","num_comments":{nc},'
            f'"score":{sc},"permalink":"/r/{sr}/comments/{i}/post/",'
            f'"url":"https://www.reddit.com/r/{sr}/comments/{i}/post/","is_self":true,'
            f'"over_18":false,"domain":"self.{sr}","retrieved_on":{t + 86_400}}}'
            for i, au, fn, ti, st, t, sr, si, nc, sc in zip(
                *(col[part].tolist() for col in columns), strict=True
            )
        ]

    c = np.flatnonzero(~is_sub)
    comment_columns = (
        short[c], author[c], fullname[c], body[c], secs[c], full[root[c]], full[ppos[c]],
        _SUB_NAME[sub[c]], _SUB_ID[sub[c]], score[c], short[root[c]],
    )  # fmt: skip

    def comments(part: slice) -> list[str]:
        """The lines of the comments ``part``."""
        return [
            f'{{"id":"{i}","author":"{au}","author_fullname":"{fn}","body":{b},"created_utc":{t},'
            f'"link_id":"{li}","parent_id":"{pi}","subreddit":"{sr}","subreddit_id":"{si}",'
            f'"score":{sc},"permalink":"/r/{sr}/comments/{rs}/post/{i}/","controversiality":0,'
            f'"gilded":0,"stickied":false,"is_submitter":false,"retrieved_on":{t + 86_400}}}'
            for i, au, fn, b, t, li, pi, sr, si, sc, rs in zip(
                *(col[part].tolist() for col in comment_columns), strict=True
            )
        ]

    files = {
        "data/reddit/submissions.ndjson": write_parts(
            out / "reddit" / "submissions.ndjson", len(s), submissions, malformed[s]
        ),
        "data/reddit/comments.ndjson": write_parts(
            out / "reddit" / "comments.ndjson", len(c), comments, malformed[c]
        ),
    }
    return Output(sel=sel, ids=arrow.strings(full), files=files)
