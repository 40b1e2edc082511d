"""Several batches written as one statement keep the versions one upsert per batch would keep."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.store.best_versions import best_versions

# (platform, id, direct, edit history length); ids from a small pool, so versions collide.
_VERSION = st.tuples(
    st.sampled_from(["twitter", "mastodon"]),
    st.sampled_from(["1", "2", "3", "10"]),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
)
_BATCH = st.lists(_VERSION, max_size=6, unique_by=lambda v: (v[0], v[1]))


def _table(batch: list[tuple[str, str, bool, int]], first_tag: int) -> pa.Table:
    return pa.table(
        {
            "platform": [v[0] for v in batch],
            "id": [v[1] for v in batch],
            "direct": [v[2] for v in batch],
            "edit_history": [[f"h{n}" for n in range(v[3])] or None for v in batch],
            "tag": list(range(first_tag, first_tag + len(batch))),
        },
        schema=pa.schema(
            [
                ("platform", pa.string()),
                ("id", pa.string()),
                ("direct", pa.bool_()),
                ("edit_history", pa.list_(pa.string())),
                ("tag", pa.int64()),
            ]
        ),
    )


def _upserted_one_by_one(batches: list[list[tuple[str, str, bool, int]]]) -> dict[object, int]:
    """The tag each key ends with when every version is upserted in turn: the writer's rule,
    a version replaces the stored one only when collected directly where it was embedded, or
    with a longer edit history."""
    kept: dict[object, tuple[bool, int, int]] = {}
    tag = 0
    for batch in batches:
        for platform, post_id, direct, history in batch:
            old = kept.get((platform, post_id))
            if old is None or (direct and not old[0]) or (direct == old[0] and history > old[1]):
                kept[(platform, post_id)] = (direct, history, tag)
            tag += 1
    return {key: value[2] for key, value in kept.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_BATCH, min_size=1, max_size=5))
def test_one_statement_keeps_what_upserts_in_turn_keep(
    batches: list[list[tuple[str, str, bool, int]]],
) -> None:
    tables, tag = [], 0
    for batch in batches:
        tables.append(_table(batch, tag))
        tag += len(batch)
    merged, keep = best_versions(tables)
    rows = (merged if keep is None else merged.filter(keep)).to_pylist()
    keys = [(row["platform"], row["id"]) for row in rows]
    assert len(keys) == len(set(keys)), "a key twice in one statement"
    assert {key: row["tag"] for key, row in zip(keys, rows, strict=True)} == (
        _upserted_one_by_one(batches)
    )
    # Write order is kept, so rows reach the store in the order of the file.
    assert [row["tag"] for row in rows] == sorted(row["tag"] for row in rows)


def test_distinct_batches_pass_through_whole() -> None:
    first = _table([("twitter", "1", True, 0), ("twitter", "2", False, 0)], 0)
    second = _table([("mastodon", "1", True, 0)], 2)
    merged, keep = best_versions([first, second])
    assert keep is None
    assert merged.to_pylist() == [*first.to_pylist(), *second.to_pylist()]
