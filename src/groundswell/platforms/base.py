"""What every platform importer provides: a content sniffer and a parser from documents to items."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from groundswell.model import Item, Post, SourceRef
from groundswell.privacy.pseudonyms import Pseudonymizer


@dataclass(frozen=True)
class Document:
    """One unit read from a file: a parsed JSON value (a line of JSONL, or a whole JSON file) or a
    row of a table (a ``dict`` of column name to value).

    Attributes:
        value: the parsed value.
        source: where it was read.
        raw: the original bytes (for quarantine and for raw payloads).
    """

    value: Any
    source: SourceRef
    raw: bytes


@dataclass(frozen=True)
class Unreadable:
    """Bytes a reader could not turn into a document (bad JSON, bad UTF-8, a truncated archive).

    Attributes:
        source: where the bytes were read.
        raw: the original bytes.
        reason: why they could not be read, phrased for the quarantine summary.
    """

    source: SourceRef
    raw: bytes
    reason: str


@dataclass(frozen=True)
class ParseContext:
    """What a parser needs besides the document.

    Attributes:
        pseudonyms: turns account ids and handles into pseudonyms (identity when opted out).
        column_map: for tabular formats, canonical field name -> column name in the file.
        options: format-specific options (e.g. ``platform`` for a CSV's platform name).
        held: the posts the batch being filled already holds, by ``(platform, id)``.
    """

    pseudonyms: Pseudonymizer
    column_map: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    held: Mapping[tuple[str, str], Post] = field(default_factory=dict)

    def held_instead(self, platform: str, post_id: str, versions: int) -> Post | None:
        """The held post that an embedded copy with ``versions`` edit versions (0 when never
        edited) could not replace, or None.

        A viral post is embedded in thousands of documents: a parser returns this post again
        instead of building the same copy each time. The batch counts it as parsed and keeps it,
        exactly as it would keep the held version over a copy built anew.
        """
        held = self.held.get((platform, post_id))
        if held is not None and not replaces(False, versions, held):
            return held
        return None


def replaces(direct: bool, versions: int, held: Post) -> bool:
    """Whether a version of a post (collected directly or not, with ``versions`` edit versions)
    replaces the ``held`` one: one collected directly beats one only embedded; otherwise the
    later edit (the longer history) wins, and an equal version keeps the one held."""
    if direct != held.direct:
        return direct
    return versions > len(held.edit_history)


class Format(Protocol):
    """An importer for one family of payloads. Implementations live in ``platforms/<name>/``.

    ``sniff`` looks at the first documents of a file and says whether they are this format.
    ``parse`` turns one document into items (posts, including embedded ones, deletions and
    ``NoPosts`` notes). A document that cannot be read raises ``RecordError(reason)``; the ingest
    quarantines it and goes on.
    """

    name: str
    description: str

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents of a file are in this format."""
        ...

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield every item the document holds."""
        ...
