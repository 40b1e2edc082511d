"""The Reddit importer: official API listings and things, and Pushshift-style NDJSON dumps."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.reddit import detect, parse


class RedditFormat:
    """Reddit: API ``Listing``s (comment trees too), single things, and dump lines."""

    name = "reddit"
    description = (
        "Reddit API listings and things (t1 comments, t3 submissions) and Pushshift dumps."
    )

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are Reddit things, listings or dump lines."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the comments and submissions of one document."""
        return parse.parse(document, context)


FORMAT = RedditFormat()

__all__ = ["FORMAT", "RedditFormat"]
