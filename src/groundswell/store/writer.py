"""Transactional writes of prepared batches: posts upserted, quarantine, deletions and edits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from groundswell.store.batch import ReadyBatch
from groundswell.store.best_versions import KEEP, best_versions
from groundswell.store.bulk_settings import BulkSettings
from groundswell.store.schema import POST_COLUMNS

_UPDATABLE = [name for name, _ in POST_COLUMNS if name not in ("platform", "id", "deleted")]
_ALL_ROWS = "SELECT * FROM batch_posts"
_KEPT_ROWS = f"SELECT * EXCLUDE ({KEEP}) FROM batch_posts WHERE {KEEP}"
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
    """Writes each prepared batch in one transaction, so a crash never leaves half a batch.

    Attributes:
        connection: the store's DuckDB connection.
        settings: an ingest's DuckDB settings: a batch that runs out of memory is rolled back
            and written again under a raised memory limit.
    """

    connection: duckdb.DuckDBPyConnection
    settings: BulkSettings | None = None
    _has_deletions: bool | None = field(default=None, init=False)

    def write(
        self, batches: Sequence[ReadyBatch], file_row: tuple[object, ...] | None = None
    ) -> None:
        """Store batches, in order (and, at the end of a file, its ``files`` row) atomically."""
        if self.settings is None:
            self._write(batches, file_row)
        else:
            self.settings.retrying(lambda: self._write(batches, file_row))

    def _write(self, batches: Sequence[ReadyBatch], file_row: tuple[object, ...] | None) -> None:
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            if any(batch.edited for batch in batches):
                # Edits are applied batch by batch, in order (``_APPLY_EDITS`` reads each one).
                for batch in batches:
                    self._write_posts(batch.posts, None, batch.edited)
            else:
                tables = [batch.posts for batch in batches if batch.posts is not None]
                if tables:
                    self._write_posts(*best_versions(tables), edited=False)
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

    def _any_deletions(self, batches: Sequence[ReadyBatch]) -> bool:
        """Whether the store holds deletions to apply (asked once, then kept up to date)."""
        if any(batch.deletions for batch in batches):
            self._has_deletions = True
        elif self._has_deletions is None:
            row = self.connection.execute("SELECT EXISTS (FROM deletions)").fetchone()
            self._has_deletions = bool(row and row[0])
        return self._has_deletions

    def _write_posts(self, posts: pa.Table | None, keep: pa.Array | None, edited: bool) -> None:
        """Upsert ``posts`` (the rows ``keep`` marks, each key once; None: every row, each key
        once) in one statement, then their edits."""
        if posts is None:
            return
        con = self.connection
        con.register("batch_posts", posts if keep is None else posts.append_column(KEEP, keep))
        try:
            con.execute(_UPSERT.format(rows=_ALL_ROWS if keep is None else _KEPT_ROWS))
            if edited:
                con.execute(_WRITE_EDITS)
                con.execute(_APPLY_EDITS)
        finally:
            con.unregister("batch_posts")

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
