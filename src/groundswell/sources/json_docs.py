"""Splitting a JSON or JSON-lines stream into documents, keeping every unreadable byte range."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

import orjson
import zstandard

from groundswell.model import SourceRef
from groundswell.platforms.base import Document, Unreadable

CHUNK = 1 << 20
# Exceptions a decompressing stream raises when its input is cut short or corrupt.
STREAM_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    OSError,
    zlib.error,
    zstandard.ZstdError,
)


Line = tuple[int, int, bytes]
"""A line of a file: its number (from 1), byte offset and bytes (without the newline)."""


Block = tuple[int, int, bytes]
"""Whole lines of a file: the first line's number and byte offset, and the lines' bytes."""


def _broken(exc: BaseException, source: SourceRef, pending: bytes) -> Unreadable:
    """Where a stream broke, with the partial record read before it (if any)."""
    reason = f"stream ended early ({type(exc).__name__}: {exc})"
    if pending:
        reason += "; the partial record was kept"
    return Unreadable(source, pending, reason)


def raw_lines(stream: BinaryIO, name: str) -> Iterator[Line | Unreadable]:
    """Yield (line number, byte offset, line bytes) and, if the stream breaks, one Unreadable."""
    for block in raw_blocks(stream, name, CHUNK):
        if isinstance(block, Unreadable):
            yield block
        else:
            yield from block_lines(block)


def raw_blocks(stream: BinaryIO, name: str, block_bytes: int) -> Iterator[Block | Unreadable]:
    """Yield blocks of whole lines of about ``block_bytes`` and, if the stream breaks, one
    Unreadable for the partial record before the break. Lines are never split across blocks
    (``block_lines`` splits a block into numbered lines); a last line without a newline ends the
    last block. Handing out blocks keeps the reading process's work to copying bytes."""
    number = 0  # lines before the block being filled
    offset = 0  # its byte offset
    filled = bytearray()
    pending = b""
    # read1 returns what one underlying read gives, so a stream cut short loses only its tail.
    read = getattr(stream, "read1", stream.read)
    while True:
        try:
            chunk = read(CHUNK)
        except STREAM_ERRORS as exc:
            if filled:
                yield number + 1, offset, bytes(filled)
                number += filled.count(b"\n")
                offset += len(filled)
            yield _broken(exc, SourceRef(name, number + 1, offset), pending)
            return
        if not chunk:
            break
        data = pending + chunk
        end = data.rfind(b"\n") + 1
        whole, pending = memoryview(data)[:end], data[end:]
        start = 0
        while len(filled) + end - start >= block_bytes:
            cut = data.find(b"\n", start + max(0, block_bytes - len(filled) - 1)) + 1
            filled += whole[start:cut]
            yield number + 1, offset, bytes(filled)
            number += filled.count(b"\n")
            offset += len(filled)
            filled.clear()
            start = cut
        filled += whole[start:]
    filled += pending
    if filled:
        yield number + 1, offset, bytes(filled)


def block_lines(block: Block) -> Iterator[Line]:
    """The lines of a block: (line number, byte offset, bytes without the newline)."""
    number, offset, data = block
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for line in lines:
        yield number, offset, line
        number += 1
        offset += len(line) + 1


def _reason(exc: Exception, line: bytes) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"invalid UTF-8 at byte {err.start} of the record"
    return f"invalid JSON ({exc})"


def read_json_documents(stream: BinaryIO, name: str) -> Iterator[Document | Unreadable]:
    """Yield the documents of a JSON file (one document) or JSON-lines file (one per line).

    A file whose first non-empty line is not JSON on its own is read whole as one JSON value
    (pretty-printed REST responses); if that fails too, it is read as JSON lines and each bad line
    becomes an ``Unreadable`` with its line number.
    """
    lines = raw_lines(stream, name)
    buffered: list[Line | Unreadable] = []
    for item in lines:
        buffered.append(item)
        if isinstance(item, Unreadable) or item[2].strip():
            break
    first = buffered[-1] if buffered else None
    if isinstance(first, tuple):
        try:
            orjson.loads(first[2])
        except orjson.JSONDecodeError:
            rest = list(lines)
            whole_items = buffered + rest
            whole = b"\n".join(i[2] for i in whole_items if isinstance(i, tuple))
            if not any(isinstance(i, Unreadable) for i in whole_items):
                try:
                    value = orjson.loads(whole)
                except orjson.JSONDecodeError:
                    pass
                else:
                    yield Document(value, SourceRef(name, None, 0), whole)
                    return
            yield from split_lines(iter(whole_items), name)
            return
    yield from split_lines(iter(buffered), name)
    yield from split_lines(lines, name)


def split_lines(items: Iterator[Line | Unreadable], name: str) -> Iterator[Document | Unreadable]:
    """Parse lines into documents; blank lines are skipped, bad ones become ``Unreadable``."""
    for item in items:
        if isinstance(item, Unreadable):
            yield item
            continue
        number, offset, line = item
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Unreadable(SourceRef(name, number, offset), line, _reason(exc, line))
            continue
        yield Document(value, SourceRef(name, number, offset), line)
