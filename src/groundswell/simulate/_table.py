"""Write the simulated "facebook" posts as a CSV export with a groundswell column-map sidecar."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import NAMES
from groundswell.simulate._arrays import distinct_inverse
from groundswell.simulate._common import Context, Output, iso_texts, write_joined
from groundswell.simulate._config import FACEBOOK, REPLY, REPOST
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
_LINK_START = arrow.strings(["false,,", "false,", "true,,"])
_LINK_END = arrow.strings(["", ",", ""])
"""Around the parent's id, of an ordinary post, a comment and a share: ``is_share,parent_id,``
then ``shared_post_id``."""


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
    ids = arrow.decimals(id_values)
    account, kind, ppos = w.account[sel], w.kind[sel], ctx.positions(sel)
    share = kind == REPOST
    entries = ctx.catalogue.entries
    text = np.where(share, len(entries), w.text[sel])  # a share has no text of its own
    acc = ctx.accounts[FACEBOOK]
    keys, inverse = distinct_inverse(text * len(LANGS) + w.lang[sel])
    words = arrow.strings([_words(ctx, k) for k in keys.tolist()])
    # is_share, parent_id, shared_post_id: a start, the parent's id (or nothing), an end
    link = np.where(kind == REPLY, 1, np.where(share, 2, 0))
    parent = pa.concat_arrays([ids, arrow.strings([""])])
    parent_at = np.where(link > 0, np.maximum(ppos, 0), n)
    native_id, code = acc.native_ids, acc.name_code[account]
    names = arrow.strings([_cell(name) for name in NAMES])
    t = w.t[sel]

    def make(part: slice) -> pa.Array:
        """The lines of the rows ``part``."""
        return arrow.joined(
            ids[part], ",", iso_texts(t[part], millis=False), ",",
            native_id.take(arrow.ints(account[part])), ",", names.take(arrow.ints(code[part])), ",",
            _LINK_START.take(arrow.ints(link[part])), parent.take(arrow.ints(parent_at[part])),
            _LINK_END.take(arrow.ints(link[part])), ",", words.take(arrow.ints(inverse[part])), "\n",
        )  # fmt: skip

    head = ",".join(HEADER) + "\n"
    path = out / "facebook" / "export.csv"
    write_joined(path, n, make, np.zeros(n, dtype=np.bool_), head)
    (out / "facebook" / "export.csv.groundswell.toml").write_text(SIDECAR, encoding="utf-8")
    return Output(sel=sel, ids=ids, files={"data/facebook/export.csv": n + 1})


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
