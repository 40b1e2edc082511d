"""The Instagram importer: scraped post records (scrapy-style flat JSON and GraphQL media nodes)."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.instagram import detect, parse


class InstagramFormat:
    """Instagram posts as scrapers write them, one JSON object a line."""

    name = "instagram"
    description = (
        "Scraped Instagram posts: caption, owner, unix timestamp, like and comment counts."
    )

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are scraped Instagram posts."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the post of one document."""
        return parse.parse(document, context)


FORMAT = InstagramFormat()

__all__ = ["FORMAT", "InstagramFormat"]
