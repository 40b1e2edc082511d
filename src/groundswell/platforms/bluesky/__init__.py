"""The Bluesky importer: Jetstream event streams and AppView getPosts/searchPosts/getPostThread."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.bluesky import detect, parse


class BlueskyFormat:
    """Bluesky: Jetstream JSONL (commits, identity, account events) and AppView responses."""

    name = "bluesky"
    description = "Bluesky Jetstream events and AppView post views (getPosts, searchPosts, getPostThread, feeds)."

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are Jetstream events or AppView responses."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the posts, reposts, deletions and notes of one document."""
        return parse.parse(document, context)


FORMAT = BlueskyFormat()

__all__ = ["FORMAT", "BlueskyFormat"]
