"""Recorded HTTP exchanges hold no posts of their own: they are noted, not imported."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item, NoPosts
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.recording.detect import sniff


class RecordingFormat:
    """Betamax/VCR cassettes: for replaying collection, not for ingest."""

    name = "recording"
    description = "recorded HTTP exchanges (Betamax/VCR cassettes): no posts"

    def sniff(self, documents: list[Document]) -> bool:
        """Return True for a cassette."""
        return sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield one note: the file holds recorded HTTP exchanges, not posts."""
        yield NoPosts(
            "recorded HTTP exchanges (a cassette); replay them with live collection",
            document.source,
        )


FORMAT = RecordingFormat()
