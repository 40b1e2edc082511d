"""Blocks of whole lines of a file on disk as byte ranges, so each worker reads its own block.

The ingest process only finds where the blocks start and end and how many lines come before
each (one read of the file into a reused buffer, no copies); a worker then reads its range with
``read_range``. The blocks are the ones ``json_docs.raw_blocks`` makes from the same file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from groundswell.errors import InputError
from groundswell.sources.json_docs import CHUNK, Block

_NEWLINE = ord("\n")

LineRange = tuple[int, int, int]
"""Whole lines of a file: the first line's number (from 1), and the byte offsets of the range's
start and end (exclusive)."""


def line_ranges(
    stream: io.BufferedIOBase, block_bytes: int, read_bytes: int = CHUNK
) -> Iterator[LineRange]:
    """Yield the ranges of blocks of whole lines of at least ``block_bytes`` (the last block may
    be shorter; it holds a last line without a newline). A block ends at the first newline that
    makes it ``block_bytes`` long or longer, as in ``raw_blocks``."""
    if block_bytes < 1:
        raise ValueError(f"line_ranges: block_bytes must be at least 1 (got {block_bytes})")
    buffer = bytearray(read_bytes)
    # Counting newlines with NumPy is 4× faster than ``bytearray.count``, which tests byte by byte.
    view = np.frombuffer(buffer, dtype=np.uint8)

    def newlines(begin: int, end: int) -> int:
        return int(np.count_nonzero(view[begin:end] == _NEWLINE))

    number = 1  # the first line of the block being measured
    start = 0  # its first byte in the file
    lines = 0  # newlines between ``start`` and the part of the buffer not yet counted
    at = 0  # file offset of ``buffer[0]``
    while got := stream.readinto(buffer):
        counted = 0  # buffer index up to which newlines are in ``lines``
        while True:
            look_from = max(start + block_bytes - 1 - at, counted)
            newline = buffer.find(b"\n", look_from, got) if look_from < got else -1
            if newline < 0:
                break
            end = at + newline + 1
            yield number, start, end
            number += lines + newlines(counted, newline + 1)
            lines, start, counted = 0, end, newline + 1
        lines += newlines(counted, got)
        at += got
    if start < at:
        yield number, start, at


def read_range(path: Path, name: str, line_range: LineRange) -> Block:
    """The block of lines of ``line_range`` read from ``path`` (``name`` for messages)."""
    number, start, end = line_range
    parts: list[bytes] = []
    at = start
    with path.open("rb") as stream:
        while at < end and (part := os.pread(stream.fileno(), end - at, at)):
            parts.append(part)
            at += len(part)
    if at != end:
        raise InputError(
            f"{name}: the file shrank while it was being read (bytes {at}-{end} are gone). "
            "Ingest it again once nothing writes to it."
        )
    return number, start, parts[0] if len(parts) == 1 else b"".join(parts)
