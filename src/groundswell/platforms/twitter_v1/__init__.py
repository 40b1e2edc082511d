"""The Twitter API v1.1 importer: REST arrays, search responses, statuses and streaming JSONL."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.twitter_v1 import detect, parse


class TwitterV1Format:
    """Twitter API v1.1 statuses, in compat or extended mode, collected by REST or streaming."""

    name = "twitter-v1"
    description = (
        "Twitter API v1.1: status arrays, search responses, single statuses and streaming JSONL "
        "(with delete notices and other stream messages)."
    )

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when these first documents are v1.1 statuses or stream messages."""
        return detect.sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the posts (embedded statuses too), deletions and notes of one document."""
        return parse.parse(document, context)


FORMAT = TwitterV1Format()

__all__ = ["FORMAT", "TwitterV1Format"]
