"""The posts of several batches as one table, each post once in the version the store keeps.

Writing the batches of a transaction as one upsert statement instead of one each costs DuckDB
far less (its ``ON CONFLICT`` handling has a large cost per statement). One statement may hold
each key only once, so the versions of a post seen in several batches are settled here, exactly
as upserting the batches one after the other would settle them: a later version replaces an
earlier one only when it is better (collected directly where the other was only embedded, or a
longer edit history), so the kept version is the first of the best.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

KEEP = "keep_row"
"""The name under which the writer adds the rows to keep to the table it reads."""


def post_keys(posts: pa.Table) -> pa.Array:
    """Each row's ``(platform, id)`` as one string (the store's primary key)."""
    return pc.binary_join_element_wise(posts["platform"], posts["id"], "\x00").combine_chunks()


def best_versions(tables: Sequence[pa.Table]) -> tuple[pa.Table, np.ndarray | None]:
    """``tables`` (posts in the store's columns, each key at most once per table, in write order)
    as one table, and which of its rows to write: every ``(platform, id)`` once, in its first best
    version (None: all of them). The rows are not copied: the writer filters them as it reads."""
    table = pa.concat_tables(tables)
    if len(tables) < 2:
        return table, None
    keys = post_keys(table)
    if pc.count_distinct(keys).as_py() == table.num_rows:
        return table, None
    ranked = pa.table(
        {
            "key": keys,
            "direct": table["direct"],
            "history": pc.fill_null(pc.list_value_length(table["edit_history"]), 0),
            "position": pa.array(np.arange(table.num_rows)),
        }
    )
    order = pc.sort_indices(
        ranked,
        sort_keys=[
            ("key", "ascending"),
            ("direct", "descending"),
            ("history", "descending"),
            ("position", "ascending"),
        ],
    )
    sorted_keys = keys.take(order)
    # The first row of each key's run in the sorted order is that key's best version.
    first = np.ones(len(sorted_keys), dtype=bool)
    first[1:] = pc.not_equal(sorted_keys[1:], sorted_keys[:-1]).to_numpy(zero_copy_only=False)
    keep = np.zeros(table.num_rows, dtype=bool)
    keep[order.to_numpy()[first]] = True
    return table, keep
