"""The Twitter API v2 importer: twarc2 pages and flattened lines, stream lines, compliance files."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.twitter_v2 import detect, parse


class TwitterV2Format:
    """Twitter API v2 tweets as twarc2 and the API write them, with compliance results."""

    name = "twitter-v2"
    description = (
        "Twitter API v2: twarc2 response pages and flattened lines, plain responses, filtered "
        "stream lines, compliance results, and twarc2 counts/users/lists files (no posts)."
    )

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are v2 pages, tweets or compliance lines."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the posts (expanded tweets too), deletions and notes of one document."""
        return parse.parse(document, context)


FORMAT = TwitterV2Format()

__all__ = ["FORMAT", "TwitterV2Format"]
