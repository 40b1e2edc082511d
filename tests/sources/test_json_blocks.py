"""Blocks of whole lines of any size (what the ingest process hands its workers) give exactly the
lines of ``raw_lines`` (blocks of one read's size): same numbers, offsets and bytes, and the same
record where a stream breaks, whatever the size of the reads."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.platforms.base import Unreadable
from groundswell.sources import json_docs
from groundswell.sources.json_docs import Line, block_lines, raw_blocks, raw_lines


class _Stream(io.RawIOBase):
    """Gives at most ``step`` bytes a read and raises EOFError after ``breaks_at`` bytes."""

    def __init__(self, data: bytes, step: int, breaks_at: int | None) -> None:
        self._data, self._step, self._breaks_at, self._at = data, step, breaks_at, 0

    def read1(self, size: int = -1) -> bytes:
        if self._breaks_at is not None and self._at >= self._breaks_at:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        end = self._at + min(size, self._step)
        if self._breaks_at is not None:
            end = min(end, self._breaks_at)
        piece = self._data[self._at : end]
        self._at += len(piece)
        return piece


def _through_blocks(data: bytes, step: int, breaks_at: int | None, size: int) -> list[object]:
    found: list[object] = []
    for item in raw_blocks(_Stream(data, step, breaks_at), "f.jsonl", size):
        if isinstance(item, Unreadable):
            found.append((item.source.line, item.source.offset, item.raw, item.reason))
        else:
            assert item[2], "a block is never empty"
            found.extend(block_lines(item))
    return found


def _through_lines(data: bytes, step: int, breaks_at: int | None) -> list[object]:
    found: list[object] = []
    for item in raw_lines(_Stream(data, step, breaks_at), "f.jsonl"):
        if isinstance(item, Unreadable):
            found.append((item.source.line, item.source.offset, item.raw, item.reason))
        else:
            found.append(item)
    return found


LINES = st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"x")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    lines=LINES,
    final_newline=st.booleans(),
    step=st.integers(1, 40),
    size=st.integers(1, 60),
    breaks=st.one_of(st.none(), st.integers(0, 400)),
)
def test_blocks_give_the_lines_of_raw_lines(
    lines: list[bytes], final_newline: bool, step: int, size: int, breaks: int | None
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_docs, "CHUNK", step)
        expected = _through_lines(data, step, breaks)
        assert _through_blocks(data, step, breaks, size) == expected


def test_blocks_are_cut_at_line_ends_near_the_size_asked() -> None:
    data = b"".join(b"%05d\n" % n for n in range(1000))  # 6 bytes a line
    blocks = [b for b in raw_blocks(io.BytesIO(data), "f.jsonl", 60) if not isinstance(b, Unreadable)]
    assert [len(b[2]) for b in blocks] == [60] * 100
    first: Line = next(block_lines(blocks[7]))
    assert first == (71, 420, b"00070")
