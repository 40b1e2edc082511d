"""Transactional writes of prepared batches: posts (upserted, or plainly inserted where they
cannot conflict), quarantine, deletions and edits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa

from groundswell.store.batch import ReadyBatch
from groundswell.store.best_versions import KEEP, best_versions
from groundswell.store.bulk_settings import BulkSettings
from groundswell.store.fresh_keys import FreshKeys, Hashes
from groundswell.store.schema import POST_COLUMNS

_UPDATABLE = [name for name, _ in POST_COLUMNS if name not in ("platform", "id", "deleted")]
_ALL_ROWS = "SELECT * FROM batch_posts"
_KEPT_ROWS = f"SELECT * EXCLUDE ({KEEP}) FROM batch_posts WHERE {KEEP}"
_INSERT = "INSERT INTO posts {rows}"
_UPSERT = (
    "INSERT INTO posts {rows} ON CONFLICT (platform, id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _UPDATABLE)
    # The incoming version wins only when it is better: collected directly where the stored one
    # was only embedded, or a later edit. Otherwise the stored row stays as it is (idempotent).
    + " WHERE (excluded.direct AND NOT posts.direct) OR (excluded.direct = posts.direct AND"
    " len(excluded.edit_history) > len(coalesce(posts.edit_history, [])))"
)
# Every version of an edited post, and whether a later version superseded it.
_WRITE_EDITS = """
INSERT INTO edits
SELECT platform, version, id, version != edit_history[-1]
FROM (SELECT platform, id, edit_history, unnest(edit_history) AS version
      FROM batch_posts WHERE len(edit_history) > 1)
ON CONFLICT DO NOTHING"""
_APPLY_EDITS = """
DELETE FROM posts WHERE (platform, id) IN (
    SELECT platform, version_id FROM edits WHERE superseded)"""
_APPLY_DELETIONS = """
UPDATE posts SET deleted = true, text = NULL, raw = NULL, author = NULL, author_handle = NULL,
    hashtags = [], hashtags_norm = [], mentions = [], links = [], reply_to_author = NULL
FROM deletions d WHERE posts.platform = d.platform AND posts.id = d.post_id AND NOT posts.deleted"""


@dataclass
class BatchWriter:
    """Writes prepared batches, each call's in one transaction, so a crash never leaves part of
    one.

    Attributes:
        connection: the store's DuckDB connection.
        settings: an ingest's DuckDB settings: a batch that runs out of memory is rolled back
            and written again under a raised memory limit.
        fresh: while the ingest writes into a store that had no posts, the keys written so far;
            posts with other keys are inserted without DuckDB's conflict check.
    """

    connection: duckdb.DuckDBPyConnection
    settings: BulkSettings | None = None
    fresh: FreshKeys | None = None
    _has_deletions: bool | None = field(default=None, init=False)

    def write(
        self, batches: Sequence[ReadyBatch], file_row: tuple[object, ...] | None = None
    ) -> None:
        """Store batches, in order (and, at the end of a file, its ``files`` row) atomically."""
        try:
            written = self._retrying(batches, file_row)
        except duckdb.ConstraintException:
            if self.fresh is None:
                raise
            # A post taken for new was in the store after all (something else wrote to it):
            # the transaction was rolled back, so write it again with every post upserted.
            self.fresh = None
            written = self._retrying(batches, file_row)
        if self.fresh is not None and written is not None:
            self.fresh.add(written)
            if self.fresh.full:
                self.fresh = None

    def _retrying(
        self, batches: Sequence[ReadyBatch], file_row: tuple[object, ...] | None
    ) -> Hashes | None:
        if self.settings is None:
            return self._write(batches, file_row)
        return self.settings.retrying(lambda: self._write(batches, file_row))

    def _write(
        self, batches: Sequence[ReadyBatch], file_row: tuple[object, ...] | None
    ) -> Hashes | None:
        """Write in one transaction; return the key hashes written (for ``fresh``)."""
        con = self.connection
        written: Hashes | None = None
        con.execute("BEGIN TRANSACTION")
        try:
            tables = [batch.posts for batch in batches if batch.posts is not None]
            if any(batch.edited for batch in batches):
                # Edits are applied batch by batch, in order (``_APPLY_EDITS`` reads each one).
                for batch in batches:
                    self._upsert(batch.posts, None, batch.edited)
                if self.fresh is not None and tables:
                    written = np.concatenate([self.fresh.hashes(table) for table in tables])
            elif tables:
                written = self._write_versions(*best_versions(tables))
            for batch in batches:
                self._write_other_rows(batch)
            if self._any_deletions(batches):
                con.execute(_APPLY_DELETIONS)
            if file_row is not None:
                con.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                    list(file_row),
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return written

    def _write_versions(self, posts: pa.Table, keep: np.ndarray | None) -> Hashes | None:
        """Write the ``keep`` rows of ``posts`` (None: all); return their key hashes when the
        store started empty: rows with an unseen key are inserted plainly, the others upserted."""
        if self.fresh is None:
            self._upsert(posts, keep, edited=False)
            return None
        hashes = self.fresh.hashes(posts)
        kept = np.ones(posts.num_rows, dtype=bool) if keep is None else keep
        new = self.fresh.unseen(hashes) & kept
        again = kept & ~new
        if new.any():
            self._insert(posts, None if new.all() else new, _INSERT)
        if again.any():
            self._upsert(posts, again, edited=False)
        return hashes

    def _upsert(self, posts: pa.Table | None, keep: np.ndarray | None, edited: bool) -> None:
        """Upsert ``posts`` (the rows ``keep`` marks; None: every row; each key once) in one
        statement, then their edits."""
        if posts is not None:
            self._insert(posts, keep, _UPSERT, (_WRITE_EDITS, _APPLY_EDITS) if edited else ())

    def _insert(
        self, posts: pa.Table, keep: np.ndarray | None, statement: str, after: Sequence[str] = ()
    ) -> None:
        """Run ``statement`` on the ``keep`` rows of ``posts`` (its ``{rows}``), then ``after``,
        with ``posts`` registered as ``batch_posts``."""
        con = self.connection
        rows = posts if keep is None else posts.append_column(KEEP, pa.array(keep))
        con.register("batch_posts", rows)
        try:
            con.execute(statement.format(rows=_ALL_ROWS if keep is None else _KEPT_ROWS))
            for more in after:
                con.execute(more)
        finally:
            con.unregister("batch_posts")

    def _any_deletions(self, batches: Sequence[ReadyBatch]) -> bool:
        """Whether the store holds deletions to apply (asked once, then kept up to date)."""
        if any(batch.deletions for batch in batches):
            self._has_deletions = True
        elif self._has_deletions is None:
            row = self.connection.execute("SELECT EXISTS (FROM deletions)").fetchone()
            self._has_deletions = bool(row and row[0])
        return self._has_deletions

    def _write_other_rows(self, batch: ReadyBatch) -> None:
        """Store the batch's quarantined records and deletions."""
        con = self.connection
        if batch.quarantine:
            con.executemany(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                batch.quarantine,
            )
        if batch.deletions:
            con.executemany(
                "INSERT INTO deletions VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                batch.deletions,
            )
