"""The Mastodon importer: REST API statuses, timelines, thread contexts and JSONL of statuses."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.mastodon import detect, parse


class MastodonFormat:
    """Mastodon API payloads (``GET /api/v1/timelines/*``, ``statuses/:id``, ``.../context``)."""

    name = "mastodon"
    description = (
        "Mastodon API statuses: timelines, account statuses, single statuses, thread contexts."
    )

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are Mastodon statuses or contexts."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the posts and notes of one document."""
        return parse.parse(document, context)


FORMAT = MastodonFormat()

__all__ = ["FORMAT", "MastodonFormat"]
