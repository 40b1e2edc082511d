"""Where a record came from, and the non-post items an importer can yield (deletions, notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from groundswell.model.post import Post


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The place a record was read from.

    Attributes:
        file: path of the input file as given (inside an archive: ``archive.zip!member``).
        line: 1-based line number for line-oriented files (JSONL, CSV); None for whole-file JSON.
        offset: byte offset of the record's first byte in the (decompressed) stream.
    """

    file: str
    line: int | None
    offset: int


@dataclass(frozen=True, slots=True)
class Deletion:
    """A request to forget a post: a v1.1 ``delete`` notice, a Jetstream delete, a compliance line.

    Attributes:
        platform: platform name, as in ``Post.platform``.
        post_id: id of the deleted post (same id space as ``Post.id``).
        reason: where the deletion came from, e.g. ``"twitter-v1 delete notice"``.
        source: where the deletion record was read.
    """

    platform: str
    post_id: str
    reason: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class NoPosts:
    """A record that is valid but holds no posts (counts, user objects, list metadata).

    Attributes:
        what: a short description, e.g. ``"twarc2 tweet counts"``.
        source: where the record was read.
    """

    what: str
    source: SourceRef


Item = Union["Post", Deletion, NoPosts]
