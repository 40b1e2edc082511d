"""Write simulated Reddit threads as Pushshift-style NDJSON: submissions and comments apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate._common import Context, Output, truncate
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


def write_reddit(ctx: Context, out: Path) -> Output:
    """Write ``reddit/submissions.ndjson`` and ``reddit/comments.ndjson`` in ``created_utc`` order.

    A submission's text is its ``title`` plus ``selftext`` (the post text is in one or the other);
    ids are base36 without prefix as in Pushshift dumps; groundswell's id is the fullname
    (``t3_`` + id for submissions, ``t1_`` + id for comments).
    """
    w, acc, rng = ctx.world, ctx.accounts, ctx.rng
    sel = ctx.select(REDDIT)
    n = len(sel)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    is_sub = w.kind[sel] == ORIGINAL
    raw = np.empty(n, dtype=np.int64)
    raw[is_sub] = 8_000_000 + np.arange(int(is_sub.sum())) * 3
    raw[~is_sub] = 900_000_000 + np.arange(int((~is_sub).sum())) * 5
    short = base36(raw, 7)
    full = [("t3_" if s else "t1_") + b for s, b in zip(is_sub.tolist(), short, strict=True)]
    secs = (w.t[sel] // 1000).tolist()
    account = w.account[sel].tolist()
    author, fullname = acc.handle[REDDIT], acc.native_id[REDDIT]
    parent_pos = np.where(w.parent[sel] >= 0, pos[np.maximum(w.parent[sel], 0)], -1).tolist()
    root_pos = pos[w.root[sel]].tolist()
    sub_of_root = np.asarray(_BY_LANG, dtype=object)
    lang = w.lang[sel].tolist()
    pick = rng.integers(0, 4, n).tolist()
    in_self = (rng.random(n) < 0.5).tolist()
    text = w.text[sel].tolist()
    score = (ctx.likes[sel] - rng.integers(0, 3, n)).tolist()
    n_comments = ctx.replies[sel].tolist()
    malformed = w.malformed[sel].tolist()
    subs: list[bytes] = []
    comments: list[bytes] = []
    for j in range(n):
        r = root_pos[j]
        options = sub_of_root[lang[r]]
        sub, sub_id = _SUBREDDITS[options[pick[r] % len(options)]]
        a = account[j]
        body = ctx.text_json[text[j]]
        if is_sub[j]:
            title = (
                body if not in_self[j] else orjson.dumps(_TITLES[pick[j] % len(_TITLES)]).decode()
            )
            selftext = body if in_self[j] else '""'
            slug = short[j]
            line = (
                f'{{"id":"{short[j]}","author":"{author[a]}","author_fullname":"{fullname[a]}",'
                f'"title":{title},"selftext":{selftext},"created_utc":{secs[j]},"subreddit":"{sub}",'
                f'"subreddit_id":"{sub_id}","num_comments":{n_comments[j]},"score":{score[j]},'
                f'"permalink":"/r/{sub}/comments/{slug}/post/","url":"https://www.reddit.com/r/{sub}/comments/{slug}/post/",'
                f'"is_self":true,"over_18":false,"domain":"self.{sub}","retrieved_on":{secs[j] + 86_400}}}'
            )
            target = subs
        else:
            line = (
                f'{{"id":"{short[j]}","author":"{author[a]}","author_fullname":"{fullname[a]}",'
                f'"body":{body},"created_utc":{secs[j]},"link_id":"{full[r]}","parent_id":"{full[parent_pos[j]]}",'
                f'"subreddit":"{sub}","subreddit_id":"{sub_id}","score":{score[j]},'
                f'"permalink":"/r/{sub}/comments/{short[r]}/post/{short[j]}/","controversiality":0,'
                f'"gilded":0,"stickied":false,"is_submitter":false,"retrieved_on":{secs[j] + 86_400}}}'
            )
            target = comments
        target.append(truncate(line.encode()) if malformed[j] else line.encode())
    (out / "reddit").mkdir(parents=True, exist_ok=True)
    (out / "reddit" / "submissions.ndjson").write_bytes(b"".join(x + b"\n" for x in subs))
    (out / "reddit" / "comments.ndjson").write_bytes(b"".join(x + b"\n" for x in comments))
    files = {
        "data/reddit/submissions.ndjson": len(subs),
        "data/reddit/comments.ndjson": len(comments),
    }
    return Output(sel=sel, ids=full, files=files)
