"""Write the simulated "facebook" posts as a CSV export with a groundswell column-map sidecar."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import NAMES
from groundswell.simulate._arrays import strs
from groundswell.simulate._common import Context, Output, by_key, iso_times, write_parts
from groundswell.simulate._config import FACEBOOK, REPLY, REPOST
from groundswell.simulate._ids import decimal_strings
from groundswell.simulate._templates import LANGS

__all__ = ["COLUMNS", "SIDECAR", "write_table"]

HEADER = (
    "post_id", "created_time", "from_id", "from_name", "is_share", "parent_id", "shared_post_id",
    "message", "language", "hashtags",
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
    ``parent_id``. Cells are quoted as Python's ``csv`` module quotes them (only when needed).
    """
    w = ctx.world
    sel = ctx.select(FACEBOOK)
    n = len(sel)
    id_values = 10_150_000_000_000_000 + np.arange(n, dtype=np.int64) * 17 + 3
    ids = strs(decimal_strings(id_values))
    account, kind, ppos = w.account[sel], w.kind[sel], ctx.positions(sel)
    share = kind == REPOST
    entries = ctx.catalogue.entries
    text = np.where(share, len(entries), w.text[sel])  # a share has no text of its own
    names = strs([_cell(name) for name in NAMES])
    acc = ctx.accounts[FACEBOOK]
    words = by_key(text * len(LANGS) + w.lang[sel], lambda k: _words(ctx, k))
    parent = ids[np.maximum(ppos, 0)]
    links = np.full(n, "false,,", dtype=object)  # is_share, parent_id, shared_post_id
    on = np.flatnonzero(kind == REPLY)
    links[on] = [f"false,{p}," for p in parent[on].tolist()]
    on = np.flatnonzero(share)
    links[on] = [f"true,,{p}" for p in parent[on].tolist()]
    columns = (ids, acc.native_id[account], names[acc.name_code[account]], links, words)
    t = w.t[sel]

    def make(part: slice) -> list[str]:
        """The lines of the rows ``part``."""
        cells = [c[part].tolist() for c in columns]
        cells.insert(1, iso_times(t[part], millis=False))
        return [f"{i},{c},{a},{nm},{lk},{wd}" for i, c, a, nm, lk, wd in zip(*cells, strict=True)]

    head = ",".join(HEADER) + "\n"
    path = out / "facebook" / "export.csv"
    write_parts(path, n, make, np.zeros(n, dtype=np.bool_), head)
    (out / "facebook" / "export.csv.groundswell.toml").write_text(SIDECAR, encoding="utf-8")
    ids_array = arrow.decimals(id_values)
    return Output(sel=sel, ids=ids_array, files={"data/facebook/export.csv": n + 1})


def _words(ctx: Context, key: int) -> str:
    """``message,language,hashtags`` of a catalogue text (or of none) in a language."""
    text, lang = divmod(key, len(LANGS))
    entries = ctx.catalogue.entries
    if text == len(entries):
        return f",{LANGS[lang]},"
    entry = entries[text]
    tags = " ".join("#" + t[0] for t in entry.tags)
    return f"{_cell(entry.text)},{LANGS[lang]},{_cell(tags)}"


def _cell(value: str) -> str:
    """``value`` as the ``csv`` module writes a cell (quoted only when it must be)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value, ""])
    return buffer.getvalue()[:-2]
