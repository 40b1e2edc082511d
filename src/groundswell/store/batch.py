"""A batch of parsed items: deduplicated posts, deletions, quarantine; prepared for one write.

Parsing a document and preparing what it gave (pseudonymised, sealed, in columns) is the
costly part of an ingest. It happens here, in the ingest process for small files and in worker
processes for large JSON-lines files (``store.parallel``); the writer only stores prepared batches.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import pyarrow as pa

from groundswell.errors import RecordError
from groundswell.model import Deletion, NoPosts, Post
from groundswell.platforms.base import Document, Format, ParseContext, Unreadable, replaces
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.store.post_table import posts_table


def reason_category(reason: str) -> str:
    """The part of a quarantine reason that groups it in summaries (before any detail)."""
    return reason.split(" (", 1)[0].split(":", 1)[0]


@dataclass
class ReadyBatch:
    """A batch ready to write: every identity scrubbed, every payload sealed.

    Attributes:
        posts: the posts as an Arrow table in the store's column order (None when there are none).
        deletions: ``(platform, post id, reason, source file)`` rows, ids scrubbed.
        quarantine: ``(source file, line, byte offset, reason, sealed bytes)`` rows.
        notes: what documents without posts were (``twarc2 counts`` ...), scrubbed, with counts.
        documents: documents read.
        post_count: posts parsed (before deduplication; embedded ones included).
        direct_posts: of those, posts collected directly.
        quarantine_reasons: quarantined records per reason category.
        edited: True when a post in the batch has an edit history.
    """

    posts: pa.Table | None
    deletions: list[tuple[str, str, str, str]]
    quarantine: list[tuple[str, int | None, int, str, bytes]]
    notes: Counter[str]
    documents: int
    post_count: int
    direct_posts: int
    quarantine_reasons: Counter[str]
    edited: bool = False


@dataclass
class Batch:
    """Items collected from documents; ``prepare`` turns them into a ``ReadyBatch``."""

    posts: dict[tuple[str, str], Post] = field(default_factory=dict)
    deletions: list[Deletion] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    post_count: int = 0
    direct_posts: int = 0
    _contexts: tuple[ParseContext, ParseContext] | None = field(default=None, repr=False)

    def _with_held(self, context: ParseContext) -> ParseContext:
        """``context`` showing parsers the posts held here (made once per batch and context)."""
        if self._contexts is None or self._contexts[0] is not context:
            self._contexts = (context, replace(context, held=self.posts))
        return self._contexts[1]

    def pending(self) -> int:
        """Number of items held."""
        return len(self.posts) + len(self.deletions) + len(self.unreadable)

    def add_post(self, post: Post) -> None:
        """Hold a post, keeping the better of two versions of the same post."""
        key = (post.platform, post.id)
        old = self.posts.get(key)
        if old is None or replaces(post.direct, len(post.edit_history), old):
            self.posts[key] = post

    def add_document(
        self, document: Document | Unreadable, fmt: Format, context: ParseContext
    ) -> None:
        """Parse one document into the batch; an unreadable one goes to quarantine."""
        if isinstance(document, Unreadable):
            self.unreadable.append(document)
            return
        self.documents += 1
        try:
            items = list(fmt.parse(document, self._with_held(context)))
        except RecordError as exc:
            self.unreadable.append(Unreadable(document.source, document.raw, exc.reason))
            return
        for item in items:
            if isinstance(item, Post):
                self.post_count += 1
                if self.posts.get((item.platform, item.id)) is item:
                    continue  # an embedded copy not built again (ParseContext.held_instead)
                self.add_post(item)
                self.direct_posts += item.direct
            elif isinstance(item, Deletion):
                self.deletions.append(item)
            elif isinstance(item, NoPosts):
                self.notes[context.pseudonyms.scrub_text("note", item.what)] += 1

    def prepare(self, sealer: Sealer, pseudonyms: Pseudonymizer) -> ReadyBatch:
        """Scrub and seal everything held, in the form the writer stores."""
        posts = list(self.posts.values())
        return ReadyBatch(
            posts=posts_table(posts, sealer, pseudonyms) if posts else None,
            deletions=[
                (
                    d.platform,
                    pseudonyms.scrub_post_id(d.platform, d.post_id),
                    d.reason,
                    d.source.file,
                )
                for d in self.deletions
            ],
            quarantine=[
                (u.source.file, u.source.line, u.source.offset, u.reason, sealer.seal(u.raw))
                for u in self.unreadable
            ],
            notes=self.notes,
            documents=self.documents,
            post_count=self.post_count,
            direct_posts=self.direct_posts,
            quarantine_reasons=Counter(reason_category(u.reason) for u in self.unreadable),
            edited=any(len(p.edit_history) > 1 for p in posts),
        )
