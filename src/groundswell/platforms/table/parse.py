"""Table rows (CSV, TSV, Parquet, JSON lines) to posts, through the file's column map."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import orjson

from groundswell.errors import RecordError
from groundswell.model import Engagement, Item, NoPosts, Post, PostKind
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.table.column_map import REQUIRED, ColumnMap
from groundswell.platforms.table.timestamps import parse_timestamp, resolve_timezone
from groundswell.platforms.table.values import (
    UnusableId,
    flatten,
    is_null,
    read_count,
    read_flag,
    read_id,
    read_list,
)

__all__ = [
    "DERIVED_ID_PREFIX",
    "FORMAT_NAME",
    "UNUSABLE_ID",
    "check_column_map",
    "derive_id",
    "parse",
]

FORMAT_NAME = "table"
DERIVED_ID_PREFIX = "derived:"
"""Prefix of ids made by ``derive_id`` for rows without a usable id."""
UNUSABLE_ID = "unusable id: Excel scientific notation"
"""Start of the ``NoPosts.what`` note yielded after a post whose id column held a rounded id."""

_KINDS = {
    "original": PostKind.ORIGINAL,
    "tweet": PostKind.ORIGINAL,
    "post": PostKind.ORIGINAL,
    "status": PostKind.ORIGINAL,
    "reply": PostKind.REPLY,
    "replied_to": PostKind.REPLY,
    "comment": PostKind.REPLY,
    "quote": PostKind.QUOTE,
    "quoted": PostKind.QUOTE,
    "quote_tweet": PostKind.QUOTE,
    "repost": PostKind.REPOST,
    "retweet": PostKind.REPOST,
    "retweeted": PostKind.REPOST,
    "boost": PostKind.REPOST,
    "reblog": PostKind.REPOST,
    "reshare": PostKind.REPOST,
}
_MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{1,50})")
_MENTION_PLATFORMS = frozenset({"csv", "twitter"})
_ID_FIELDS = ("id", "reply_to_id", "quoted_id", "reposted_id", "conversation_id")


@lru_cache(maxsize=32)
def _column_map(
    columns: tuple[tuple[str, str], ...], options: tuple[tuple[str, str], ...]
) -> ColumnMap:
    return ColumnMap.from_context(dict(columns), dict(options))


_checked: set[tuple[str, ColumnMap]] = set()


def check_column_map(
    columns: Mapping[str, str], options: Mapping[str, str], documents: list[Document], file: str
) -> ColumnMap:
    """Validate a column map against the first documents of ``file`` before parsing any row.

    The columns are the union of the (flattened) keys of ``documents``; raises ``ColumnMapError``
    naming the file, the missing column, the columns there are, and the fix.
    """
    column_map = ColumnMap.from_context(columns, options)
    found: dict[str, None] = {}
    for document in documents:
        if isinstance(document.value, Mapping):
            found.update(dict.fromkeys(flatten(document.value)))
    column_map.validate(list(found), file)
    return column_map


def _check_csv_row(row: Mapping[str, Any], column_map: ColumnMap, file: str) -> None:
    """Validate the map once per file against its first CSV-style row (all cells text).

    Such rows all share the file's header, so a column missing there is a map error, not a bad
    row. Typed rows (Parquet, JSON lines) rely on ``check_column_map`` in the pipeline.
    """
    key = (file, column_map)
    if key in _checked or not all(v is None or isinstance(v, str) for v in row.values()):
        return
    column_map.validate(list(row), file)
    if len(_checked) > 1024:
        _checked.clear()
    _checked.add(key)


def derive_id(platform: str, author: str | None, created_at: str, text: str | None) -> str:
    """A stable id for a row without a usable one: a SHA-256 of platform, author, time and text.

    ``author`` is the author's pseudonym and ``text`` the scrubbed text, so the id reveals nothing
    a pseudonym does not; re-ingesting the same file with the same key gives the same ids.
    """
    joined = "\x1f".join((platform, author or "", created_at, text or ""))
    return DERIVED_ID_PREFIX + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


class _Row:
    """One row read through the column map."""

    def __init__(self, row: Mapping[str, Any], column_map: ColumnMap) -> None:
        self.row = row
        self.map = column_map
        self.unusable: list[str] = []

    def get(self, name: str) -> Any:
        column = self.map.column(name)
        if column is None:
            return None
        if column not in self.row:
            if name in REQUIRED:
                raise RecordError(f"row has no column {column!r} (mapped to {name})")
            return None
        return self.row[column]

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if is_null(value) else str(value).strip()

    def id(self, name: str) -> str | None:
        try:
            return read_id(self.get(name))
        except UnusableId:
            self.unusable.append(name)
            return None


def _kind(row: _Row, text: str | None, ids: Mapping[str, str | None]) -> PostKind:
    """The ``kind`` column, else: reposted (flag or id) > reply > quote > original.

    Without a ``kind`` or ``is_repost`` column, a text starting ``RT @`` marks a repost.
    """
    if row.map.column("kind") is not None:
        given = row.text("kind")
        if given is not None:
            key = given.lower().replace("-", "_").replace(" ", "_")
            if key not in _KINDS:
                raise RecordError(
                    f"kind {given!r} is not one of original, reply, quote, repost (or retweet)"
                )
            return _KINDS[key]
    if read_flag(row.get("is_repost"), "is_repost") or ids["reposted_id"]:
        return PostKind.REPOST
    if ids["reply_to_id"]:
        return PostKind.REPLY
    if ids["quoted_id"]:
        return PostKind.QUOTE
    unmapped = row.map.column("kind") is None and row.map.column("is_repost") is None
    if unmapped and text is not None and text.startswith("RT @"):
        return PostKind.REPOST
    return PostKind.ORIGINAL


def _hashtags(row: _Row, text: str | None, platform: str) -> tuple[str, ...]:
    if row.map.column("hashtags") is not None:
        return read_list(row.get("hashtags"), strip="#＃")
    if not text:
        return ()
    from groundswell.text.hashtags import extract_hashtags

    return tuple(tag.tag for tag in extract_hashtags(text, platform=platform))


def _mentions(row: _Row, text: str | None, platform: str) -> tuple[str, ...]:
    if row.map.column("mentions") is not None:
        handles = read_list(row.get("mentions"), strip="@")
    elif text and platform in _MENTION_PLATFORMS:
        handles = tuple(_MENTION.findall(text))
    else:
        handles = ()
    return tuple(dict.fromkeys(handles))


def _raw(value: Any) -> bytes:
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS)


def parse(document: Document, context: ParseContext) -> Iterator[Item]:
    """Yield the post in one table row (then one ``NoPosts`` note per rounded id it held).

    The row is a ``dict`` of column to value (CSV cells are ``str``; Parquet and JSON lines give
    other types; nested JSON objects are flattened to ``user.screen_name``-style keys). The
    ``ParseContext`` carries the column map (``ColumnMap.to_context``). Raises ``RecordError``
    for a row that cannot be read, ``ColumnMapError`` for a map that is itself wrong.
    """
    value = document.value
    if not isinstance(value, Mapping):
        raise RecordError("a table row must be an object of column: value")
    column_map = _column_map(
        tuple(context.column_map.items()), tuple(sorted(context.options.items()))
    )
    nested = any(isinstance(v, Mapping) for v in value.values())
    flat = flatten(value) if nested else value
    if not nested:
        _check_csv_row(flat, column_map, document.source.file)
    row = _Row(flat, column_map)
    platform = column_map.platform
    names = context.pseudonyms

    plain_text = row.get("text")
    text = None if plain_text is None or not str(plain_text).strip() else str(plain_text)
    created_at, offset = parse_timestamp(
        row.get("created_at"),
        zone=resolve_timezone(column_map.timezone),
        fmt=column_map.timestamp_format,
        dayfirst=column_map.dayfirst,
    )
    ids = {name: row.id(name) for name in _ID_FIELDS}
    account = row.id("author")
    handle = row.text("author_handle")
    handle = handle.lstrip("@") if handle else None
    author_handle = names.handle(platform, handle) if handle else None
    author = names.account(platform, account) if account else author_handle
    scrubbed = names.scrub_text(platform, text) if text is not None else None
    post_id = ids["id"] or derive_id(platform, author, created_at.isoformat(), scrubbed)

    yield Post(
        platform=platform,
        id=post_id,
        author=author,
        kind=_kind(row, text, ids),
        created_at=created_at,
        text=scrubbed,
        source=document.source,
        format=FORMAT_NAME,
        raw=_raw(value),
        author_handle=author_handle,
        utc_offset_minutes=offset,
        lang=row.text("lang"),
        reply_to_id=ids["reply_to_id"],
        quoted_id=ids["quoted_id"],
        reposted_id=ids["reposted_id"],
        conversation_id=ids["conversation_id"],
        hashtags=_hashtags(row, text, platform),
        mentions=tuple(names.handle(platform, m) for m in _mentions(row, text, platform)),
        links=read_list(row.get("links"), strip=""),
        engagement=Engagement(
            replies=read_count(row.get("replies")),
            reposts=read_count(row.get("reposts")),
            likes=read_count(row.get("likes")),
            quotes=read_count(row.get("quotes")),
        ),
    )
    for name in row.unusable:
        yield NoPosts(f"{UNUSABLE_ID} ({name})", document.source)
