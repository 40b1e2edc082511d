"""Shared helpers of the Twitter importer tests: contexts, reading payloads, identity leak checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundswell.errors import RecordError
from groundswell.model import Deletion, Item, NoPosts, Post
from groundswell.platforms.base import Document, Format, ParseContext, Unreadable
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.sources import read_documents

TEST_SECRET = bytes(range(32))


def context(*, pseudonyms: bool = True, **options: str) -> ParseContext:
    """A parse context with a fixed test key (or with pseudonyms turned off)."""
    keys = KeyRing.from_secret(TEST_SECRET, Path("test-key")) if pseudonyms else None
    return ParseContext(Pseudonymizer(keys, enabled=pseudonyms), options=options)


@dataclass
class Parsed:
    """Everything one file gave: items, plus the documents that failed and why."""

    documents: list[Document] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    record_errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def posts(self) -> list[Post]:
        return [item for item in self.items if isinstance(item, Post)]

    @property
    def deletions(self) -> list[Deletion]:
        return [item for item in self.items if isinstance(item, Deletion)]

    @property
    def notes(self) -> list[NoPosts]:
        return [item for item in self.items if isinstance(item, NoPosts)]


def parse_file(fmt: Format, path: Path, ctx: ParseContext | None = None) -> Parsed:
    """Read ``path`` with the sources reader and parse every document, keeping RecordErrors."""
    ctx = ctx or context()
    parsed = Parsed()
    for entry in read_documents(path):
        if isinstance(entry, Unreadable):
            parsed.unreadable.append(entry)
            continue
        parsed.documents.append(entry)
        try:
            parsed.items.extend(fmt.parse(entry, ctx))
        except RecordError as exc:
            parsed.record_errors.append((entry.source.line, exc.reason))
    return parsed


def payload_values(path: Path) -> list[Any]:
    """The JSON values of a payload file, read with the sources reader (bad lines left out)."""
    return [d.value for d in read_documents(path) if isinstance(d, Document)]


def walk_dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object nested anywhere in ``value``."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from walk_dicts(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk_dicts(child)


def plain_identities(values: list[Any]) -> tuple[set[str], set[str]]:
    """(user ids, screen names) written anywhere in the payloads, as Twitter wrote them."""
    ids: set[str] = set()
    names: set[str] = set()
    for obj in walk_dicts(values):
        for key in ("in_reply_to_user_id_str", "author_id", "in_reply_to_user_id", "user_id_str"):
            if isinstance(obj.get(key), str):
                ids.add(obj[key])
        for key in ("screen_name", "username", "in_reply_to_screen_name"):
            if isinstance(obj.get(key), str):
                names.add(obj[key])
        user = obj.get("user")
        if isinstance(user, dict) and isinstance(user.get("id_str"), str):
            ids.add(user["id_str"])
        for mention in obj.get("user_mentions") or obj.get("mentions") or ():
            if isinstance(mention, dict) and isinstance(
                mention.get("id_str") or mention.get("id"), str
            ):
                ids.add(mention.get("id_str") or mention["id"])
        for user in obj.get("users") or ():
            if isinstance(user, dict) and isinstance(user.get("id"), str):
                ids.add(user["id"])
    return ids, names


def leaked(post: Post, ids: set[str], names: set[str]) -> list[str]:
    """Plain ids or screen names found in the post's fields (``raw`` is the encrypted payload)."""
    found: list[str] = []
    folded = {name.casefold() for name in names}
    for value in (post.author, post.author_handle, post.reply_to_author, *post.mentions):
        if value is not None and (value in ids or value.casefold() in folded):
            found.append(value)
    for link in post.links:
        for match in re.finditer(r"(?:twitter|x)\.com/(?:#!/)?([A-Za-z0-9_]+)", link, re.I):
            if match.group(1).casefold() in folded:
                found.append(link)
    if post.text:
        for match in re.finditer(r"(?<![\w@])@([A-Za-z0-9_]{1,15})(?!\w)", post.text):
            if match.group(1).casefold() in folded:
                found.append(match.group(0))
    return found
