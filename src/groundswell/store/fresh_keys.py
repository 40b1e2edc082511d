"""Which posts can skip DuckDB's conflict check: those of an ingest into an empty store.

DuckDB's ``INSERT ... ON CONFLICT`` costs about three times a plain ``INSERT`` into the same
table. When an ingest starts on a store without posts, a post can only conflict with one this
ingest wrote itself; the writer remembers a hash of each key it wrote, and a post whose hash it
has not seen is inserted plainly. A hash seen before (the same post again, or, rarely, another
post with the same hash) goes through the upsert, which is correct either way: a false "seen"
only costs the conflict check. After ``MAX_KEYS`` keys the memory is given back and every post
is upserted, so memory stays flat however large the input.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_KEYS = 2_000_000
"""Keys remembered at most (about 70 MiB); beyond them every post goes through the upsert."""


class FreshKeys:
    """Hashes of the post keys written since the store had no posts."""

    def __init__(self, max_keys: int | None = None) -> None:
        self._seen: set[int] = set()
        self._max_keys = MAX_KEYS if max_keys is None else max_keys

    @classmethod
    def if_empty(cls, connection: duckdb.DuckDBPyConnection) -> FreshKeys | None:
        """A tracker when the store holds no posts yet; None otherwise."""
        row = connection.execute("SELECT EXISTS (FROM posts)").fetchone()
        return None if row is None or row[0] else cls()

    @property
    def full(self) -> bool:
        """Whether the tracker has reached its size limit (it must then be dropped)."""
        return len(self._seen) >= self._max_keys

    def hashes(self, posts: pa.Table) -> list[int]:
        """The hash of each row's ``(platform, id)``."""
        keys = pc.binary_join_element_wise(posts["platform"], posts["id"], "\x00")
        return [hash(key) for key in keys.to_pylist()]

    def unseen(self, hashes: list[int]) -> np.ndarray:
        """Which rows have a key no write since the store was empty has held."""
        seen = self._seen
        return np.fromiter((h not in seen for h in hashes), dtype=bool, count=len(hashes))

    def add(self, hashes: list[int]) -> None:
        """Remember keys that a committed transaction wrote."""
        self._seen.update(hashes)
