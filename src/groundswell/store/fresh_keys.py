"""Which posts can skip DuckDB's conflict check: those of an ingest into an empty store.

DuckDB's ``INSERT ... ON CONFLICT`` costs about three times a plain ``INSERT`` into the same
table. When an ingest starts on a store without posts, a post can only conflict with one this
ingest wrote itself; the writer remembers a 64-bit hash of each key it wrote, and a post whose
hash it has not seen is inserted plainly. A hash seen before (the same post again, or, rarely,
another post with the same hash) goes through the upsert, which is correct either way: a false
"seen" only costs the conflict check. The hashes are kept as one sorted NumPy array, 8 bytes a
key; after ``MAX_KEYS`` keys it is given back and every post is upserted, so memory stays flat
however large the input.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from groundswell.store.best_versions import post_keys

MAX_KEYS = 4_000_000
"""Keys remembered at most (32 MiB, twice that while a commit's keys are merged in); beyond them
every post goes through the upsert."""

Hashes = np.ndarray
"""64-bit key hashes (``int64``), one per row."""


class FreshKeys:
    """Hashes of the post keys written since the store had no posts."""

    def __init__(self, max_keys: int | None = None) -> None:
        self._seen = np.empty(0, dtype=np.int64)  # sorted, distinct
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

    def hashes(self, posts: pa.Table) -> Hashes:
        """The hash of each row's ``(platform, id)`` (Python's string hash: stable within the
        process, which is all the tracker needs)."""
        keys = post_keys(posts).to_pylist()
        return np.fromiter((hash(key) for key in keys), dtype=np.int64, count=len(keys))

    def unseen(self, hashes: Hashes) -> np.ndarray:
        """Which rows have a key no write since the store was empty has held."""
        seen = self._seen
        if not len(seen):
            return np.ones(len(hashes), dtype=bool)
        at = np.minimum(np.searchsorted(seen, hashes), len(seen) - 1)
        return np.asarray(seen[at] != hashes)

    def add(self, hashes: Hashes) -> None:
        """Remember keys that a committed transaction wrote."""
        new = np.unique(hashes)  # sorted, distinct
        new = new[self.unseen(new)]
        # Inserting a few sorted values into the sorted array: a merge, not a sort of it all.
        self._seen = np.insert(self._seen, np.searchsorted(self._seen, new), new)
