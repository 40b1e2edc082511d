"""Buffered, transactional writes of posts, quarantine, deletions and edits into the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from groundswell.model import Deletion, Post
from groundswell.platforms.base import Unreadable
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.store.schema import POST_COLUMNS

_UPDATABLE = [name for name, _ in POST_COLUMNS if name not in ("platform", "id", "deleted")]
_UPSERT = (
    "INSERT INTO posts SELECT * FROM batch_posts ON CONFLICT (platform, id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _UPDATABLE)
    # The incoming version wins only when it is better: collected directly where the stored one
    # was only embedded, or a later edit. Otherwise the stored row stays as it is (idempotent).
    + " WHERE (excluded.direct AND NOT posts.direct) OR (excluded.direct = posts.direct AND"
    " len(excluded.edit_history) > len(coalesce(posts.edit_history, [])))"
)
_APPLY_EDITS = """
DELETE FROM posts WHERE (platform, id) IN (
    SELECT platform, version_id FROM edits WHERE superseded)"""
_APPLY_DELETIONS = """
UPDATE posts SET deleted = true, text = NULL, raw = NULL, author = NULL, author_handle = NULL,
    hashtags = [], hashtags_norm = [], mentions = [], links = [], reply_to_author = NULL
FROM deletions d WHERE posts.platform = d.platform AND posts.id = d.post_id AND NOT posts.deleted"""


def _better(new: Post, old: Post) -> bool:
    if new.direct != old.direct:
        return new.direct
    return len(new.edit_history) > len(old.edit_history)


@dataclass
class BatchWriter:
    """Collects items and writes them in one transaction per batch.

    Attributes:
        connection: the store's DuckDB connection.
        sealer: compresses and encrypts raw payloads and quarantined bytes.
        pseudonyms: the last line of privacy: identities left in text, links and identity-bearing
            post ids (Bluesky DIDs, Mastodon status URLs) are pseudonymised here for every platform.
        batch_size: posts held before a flush.
    """

    connection: duckdb.DuckDBPyConnection
    sealer: Sealer
    pseudonyms: Pseudonymizer
    batch_size: int = 20_000
    posts: dict[tuple[str, str], Post] = field(default_factory=dict)
    deletions: list[Deletion] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    def add_post(self, post: Post) -> None:
        """Buffer a post, keeping the better of two versions of the same post."""
        key = (post.platform, post.id)
        old = self.posts.get(key)
        if old is None or _better(post, old):
            self.posts[key] = post

    def pending(self) -> int:
        """Number of buffered items."""
        return len(self.posts) + len(self.deletions) + len(self.unreadable)

    def flush(self, file_row: tuple[object, ...] | None = None) -> None:
        """Write everything buffered (and, at the end of a file, its ``files`` row) atomically."""
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            if self.posts:
                con.register("batch_posts", self._posts_table())
                con.execute(_UPSERT)
                con.unregister("batch_posts")
                self._write_edits()
            if self.unreadable:
                con.executemany(
                    "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            u.source.file,
                            u.source.line,
                            u.source.offset,
                            u.reason,
                            self.sealer.seal(u.raw),
                        )
                        for u in self.unreadable
                    ],
                )
            if self.deletions:
                con.executemany(
                    "INSERT INTO deletions VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            d.platform,
                            self.pseudonyms.scrub_post_id(d.platform, d.post_id),
                            d.reason,
                            d.source.file,
                        )
                        for d in self.deletions
                    ],
                )
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
        self.posts.clear()
        self.deletions.clear()
        self.unreadable.clear()

    def _write_edits(self) -> None:
        scrub = self.pseudonyms.scrub_post_id
        rows = [
            (
                post.platform,
                scrub(post.platform, version),
                scrub(post.platform, post.id),
                version != post.edit_history[-1],
            )
            for post in self.posts.values()
            if len(post.edit_history) > 1
            for version in post.edit_history
        ]
        if rows:
            self.connection.executemany(
                "INSERT INTO edits VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", rows
            )
            self.connection.execute(_APPLY_EDITS)

    def _posts_table(self) -> pa.Table:
        posts = list(self.posts.values())
        seal = self.sealer.seal
        pid = self.pseudonyms.scrub_post_id
        text = self.pseudonyms.scrub_text
        url = self.pseudonyms.scrub_url

        def ids(values: list[str | None], platforms: list[str]) -> list[str | None]:
            return [
                None if v is None else pid(p, v) for v, p in zip(values, platforms, strict=True)
            ]

        platforms = [p.platform for p in posts]
        columns: dict[str, list[Any]] = {
            "platform": platforms,
            "id": ids([p.id for p in posts], platforms),
            "author": [p.author for p in posts],
            "author_handle": [p.author_handle for p in posts],
            "kind": [p.kind.value for p in posts],
            "created_at": [p.created_at.replace(tzinfo=None) for p in posts],
            "utc_offset_minutes": [p.utc_offset_minutes for p in posts],
            "text": [None if p.text is None else text(p.platform, p.text) for p in posts],
            "lang": [p.lang for p in posts],
            "reply_to_id": ids([p.reply_to_id for p in posts], platforms),
            "reply_to_author": [p.reply_to_author for p in posts],
            "quoted_id": ids([p.quoted_id for p in posts], platforms),
            "reposted_id": ids([p.reposted_id for p in posts], platforms),
            "conversation_id": ids([p.conversation_id for p in posts], platforms),
            "hashtags": [list(p.hashtags) for p in posts],
            "hashtags_norm": [list(p.hashtags_norm) for p in posts],
            "mentions": [list(p.mentions) for p in posts],
            "links": [[url(p.platform, link) for link in p.links] for p in posts],
            "replies": [p.engagement.replies for p in posts],
            "reposts": [p.engagement.reposts for p in posts],
            "likes": [p.engagement.likes for p in posts],
            "quotes": [p.engagement.quotes for p in posts],
            "direct": [p.direct for p in posts],
            "withheld": [p.withheld for p in posts],
            "edit_history": [[pid(p.platform, v) for v in p.edit_history] for p in posts],
            "deleted": [False] * len(posts),
            "source_file": [p.source.file for p in posts],
            "source_line": [p.source.line for p in posts],
            "source_offset": [p.source.offset for p in posts],
            "format": [p.format for p in posts],
            "raw": [seal(p.raw) if p.raw else None for p in posts],
        }
        types = {
            "created_at": pa.timestamp("us"),
            "utc_offset_minutes": pa.int32(),
            "hashtags": pa.list_(pa.string()),
            "hashtags_norm": pa.list_(pa.string()),
            "mentions": pa.list_(pa.string()),
            "links": pa.list_(pa.string()),
            "edit_history": pa.list_(pa.string()),
            "replies": pa.int64(),
            "reposts": pa.int64(),
            "likes": pa.int64(),
            "quotes": pa.int64(),
            "source_line": pa.int64(),
            "source_offset": pa.int64(),
            "raw": pa.binary(),
        }
        return pa.table(
            {
                name: pa.array(
                    values,
                    type=types.get(
                        name,
                        pa.string()
                        if name not in ("direct", "withheld", "deleted")
                        else pa.bool_(),
                    ),
                )
                for name, values in columns.items()
            }
        )
