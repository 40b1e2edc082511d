"""Lines of a deletion list → ``Deletion`` items, the platform told by the id's shape."""

from __future__ import annotations

import re
from collections.abc import Iterator

from groundswell.errors import RecordError
from groundswell.model import Deletion, Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.deletions.detect import sniff

_REDDIT = re.compile(r"t[13]_[a-z0-9]+\Z")


def platform_of(post_id: str) -> str | None:
    """The platform an id belongs to, from its shape (None when it cannot be told)."""
    if post_id.startswith("at://"):
        return "bluesky"
    if _REDDIT.match(post_id):
        return "reddit"
    if post_id.startswith(("https://", "http://")):
        return "mastodon"
    if post_id.isdigit():
        return "twitter"
    return None


class DeletionListFormat:
    """``deletions*.txt``: one id a line, or ``platform<TAB>id``; ``--map platform=NAME`` sets one."""

    name = "deletions"
    description = "a file of deleted post ids, one a line"

    def sniff(self, documents: list[Document]) -> bool:
        """Return True for lines of a deletion list."""
        return sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the deletion the line names."""
        line = str(document.value["deletion"])
        platform, sep, post_id = line.partition("\t")
        if not sep:
            post_id = line
            platform = context.options.get("platform") or platform_of(line) or ""
        if not platform:
            raise RecordError(
                "cannot tell the platform of this id; write `platform<TAB>id` or pass --map platform=NAME"
            )
        yield Deletion(platform, post_id.strip(), "deletion list", document.source)


FORMAT = DeletionListFormat()
