"""Write simulated Reddit threads as Pushshift-style NDJSON: submissions and comments apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._common import Context, Output, write_joined
from groundswell.simulate._config import ORIGINAL, REDDIT
from groundswell.simulate._ids import base36_chars

__all__ = ["write_reddit"]

I64 = NDArray[np.int64]

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
_SUB_NAME = arrow.strings([name for name, _ in _SUBREDDITS])
_SUB_ID = arrow.strings([sub_id for _, sub_id in _SUBREDDITS])
_TITLE_JSON = [orjson.dumps(t).decode() for t in _TITLES]
_PREFIX = arrow.strings(["t3_", "t1_"])
"""Before a base36 id: ``t3_`` for a submission, ``t1_`` for a comment."""
_OPTIONS = np.array([[o[i % len(o)] for i in range(4)] for o in _BY_LANG], dtype=np.int64)
"""``_OPTIONS[lang, pick]``: the subreddit of a thread (``pick`` in 0..3, cycling the options)."""


def write_reddit(ctx: Context, out: Path) -> Output:
    """Write ``reddit/submissions.ndjson`` and ``reddit/comments.ndjson`` in ``created_utc`` order.

    A submission's text is its ``title`` plus ``selftext`` (the post text is in one or the other);
    ids are base36 without prefix as in Pushshift dumps; groundswell's id is the fullname
    (``t3_`` + id for submissions, ``t1_`` + id for comments). Lines are joined by Arrow from
    their fields' strings, never made Python strings.
    """
    w, acc, rng = ctx.world, ctx.accounts[REDDIT], ctx.rngs[REDDIT]
    sel = ctx.select(REDDIT)
    n = len(sel)
    is_sub = w.kind[sel] == ORIGINAL
    raw = np.empty(n, dtype=np.int64)
    raw[is_sub] = 8_000_000 + np.arange(int(is_sub.sum())) * 3
    raw[~is_sub] = 900_000_000 + np.arange(int((~is_sub).sum())) * 5
    short = arrow.fixed_width(base36_chars(raw, 7))
    full = arrow.joined(_PREFIX.take(arrow.ints((~is_sub).astype(np.int64))), short)
    secs = w.t[sel] // 1000
    account = w.account[sel]
    handle, native_id = acc.handles, acc.native_ids
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    ppos, root = ctx.positions(sel), pos[w.root[sel]]
    pick = rng.integers(0, 4, n)
    in_self = rng.random(n) < 0.5
    sub = _OPTIONS[w.lang[sel][root], pick[root]]
    n_texts = len(ctx.text_json)
    texts = arrow.strings([*ctx.text_json.tolist(), *_TITLE_JSON, '""'])
    text = w.text[sel]
    score = ctx.likes[sel] - rng.integers(0, 3, n)
    replies = ctx.replies[sel]
    malformed = w.malformed[sel]
    root %= max(n, 1)  # a missing root (-1) reads the last post, as NumPy indexing does
    ppos %= max(n, 1)

    s = np.flatnonzero(is_sub)
    title = np.where(in_self[s], n_texts + pick[s] % len(_TITLES), text[s])
    selftext = np.where(in_self[s], text[s], n_texts + len(_TITLES))

    def start(on: NDArray[np.int64]) -> tuple[pa.Array, pa.Array, tuple[pa.Array | str, ...]]:
        """The ids and subreddits of the posts ``on``, and their lines' start: id and author."""
        i, sr, who = (
            short.take(arrow.ints(on)),
            _SUB_NAME.take(arrow.ints(sub[on])),
            arrow.ints(account[on]),
        )
        return i, sr, ('{"id":"', i, '","author":"', handle.take(who), '","author_fullname":"', native_id.take(who))  # fmt: skip

    def submissions(part: slice) -> pa.Array:
        """The lines of the submissions ``part``."""
        on = s[part]
        i, sr, head = start(on)
        return arrow.joined(
            *head, '","title":', texts.take(arrow.ints(title[part])),
            ',"selftext":', texts.take(arrow.ints(selftext[part])),
            ',"created_utc":', arrow.decimals(secs[on]), ',"subreddit":"', sr, '","subreddit_id":"', _SUB_ID.take(arrow.ints(sub[on])),
            '","num_comments":', arrow.decimals(replies[on]), ',"score":', arrow.decimals(score[on]),
            ',"permalink":"/r/', sr, "/comments/", i, '/post/","url":"https://www.reddit.com/r/', sr,
            "/comments/", i, '/post/","is_self":true,"over_18":false,"domain":"self.', sr,
            '","retrieved_on":', arrow.decimals(secs[on] + 86_400), "}\n",
        )  # fmt: skip

    c = np.flatnonzero(~is_sub)

    def comments(part: slice) -> pa.Array:
        """The lines of the comments ``part``."""
        on = c[part]
        i, sr, head = start(on)
        return arrow.joined(
            *head, '","body":', texts.take(arrow.ints(text[on])), ',"created_utc":', arrow.decimals(secs[on]),
            ',"link_id":"', full.take(arrow.ints(root[on])), '","parent_id":"', full.take(arrow.ints(ppos[on])),
            '","subreddit":"', sr, '","subreddit_id":"', _SUB_ID.take(arrow.ints(sub[on])),
            '","score":', arrow.decimals(score[on]), ',"permalink":"/r/', sr, "/comments/",
            short.take(arrow.ints(root[on])), "/post/", i, '/","controversiality":0,"gilded":0,'
            '"stickied":false,"is_submitter":false,"retrieved_on":', arrow.decimals(secs[on] + 86_400),
            "}\n",
        )  # fmt: skip

    files = {
        "data/reddit/submissions.ndjson": write_joined(
            out / "reddit" / "submissions.ndjson", len(s), submissions, malformed[s]
        ),
        "data/reddit/comments.ndjson": write_joined(
            out / "reddit" / "comments.ndjson", len(c), comments, malformed[c]
        ),
    }
    return Output(sel=sel, ids=full, files=files)
