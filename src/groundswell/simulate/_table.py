"""Write the simulated "facebook" posts as a CSV export with a groundswell column-map sidecar."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from groundswell.simulate._common import Context, Output
from groundswell.simulate._config import FACEBOOK, REPLY, REPOST
from groundswell.simulate._templates import LANGS

__all__ = ["COLUMNS", "SIDECAR", "write_table"]

HEADER = (
    "post_id", "message", "created_time", "from_id", "from_name", "language", "is_share",
    "parent_id", "shared_post_id", "hashtags",
)  # fmt: skip
COLUMNS = {
    "id": "post_id",
    "text": "message",
    "created_at": "created_time",
    "author": "from_id",
    "author_handle": "from_name",
    "lang": "language",
    "is_repost": "is_share",
    "reply_to_id": "parent_id",
    "reposted_id": "shared_post_id",
    "hashtags": "hashtags",
}
"""Canonical field → CSV column, as written to the sidecar's ``[columns]`` table."""
SIDECAR = 'platform = "facebook"\n\n[columns]\n' + "".join(
    f'{k} = "{v}"\n' for k, v in COLUMNS.items()
)


def write_table(ctx: Context, out: Path) -> Output:
    """Write ``facebook/export.csv`` (time order, UTF-8, comma, header) and its sidecar.

    ``created_time`` is ISO 8601 UTC with ``Z``; ``is_share`` is ``true``/``false``; ``hashtags``
    holds the post's hashtags as written, space-separated with their ``#``; a share has an empty
    message and names the shared post in ``shared_post_id``; a comment names its post in
    ``parent_id``.
    """
    w, acc = ctx.world, ctx.accounts
    sel = ctx.select(FACEBOOK)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(len(sel))
    ids = [str(v) for v in (10_150_000_000_000_000 + np.arange(len(sel)) * 17 + 3).tolist()]
    times = np.datetime_as_string((w.t[sel] // 1000).astype("datetime64[s]"), unit="s").tolist()
    account = w.account[sel].tolist()
    kind = w.kind[sel].tolist()
    parent_pos = np.where(w.parent[sel] >= 0, pos[np.maximum(w.parent[sel], 0)], -1).tolist()
    text = w.text[sel].tolist()
    lang = [LANGS[x] for x in w.lang[sel].tolist()]
    entries = ctx.catalogue.entries
    from_id, from_name = acc.native_id[FACEBOOK], acc.name[FACEBOOK]
    tag_cache = {i: " ".join("#" + t[0] for t in e.tags) for i, e in enumerate(entries)}
    rows = []
    for j in range(len(sel)):
        k, a, pj = kind[j], account[j], parent_pos[j]
        share = k == REPOST
        rows.append(
            (
                ids[j],
                "" if share else entries[text[j]].text,
                times[j] + "Z",
                from_id[a],
                from_name[a],
                lang[j],
                "true" if share else "false",
                ids[pj] if k == REPLY else "",
                ids[pj] if share else "",
                "" if share else tag_cache[text[j]],
            )
        )
    (out / "facebook").mkdir(parents=True, exist_ok=True)
    path = out / "facebook" / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    (out / "facebook" / "export.csv.groundswell.toml").write_text(SIDECAR, encoding="utf-8")
    return Output(sel=sel, ids=ids, files={"data/facebook/export.csv": len(rows) + 1})
