"""Byte ranges of a plain file (what workers read themselves) are exactly the blocks that
``raw_blocks`` reads from the same bytes: same first line numbers, offsets and bytes."""

from __future__ import annotations

import gzip
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.errors import InputError
from groundswell.platforms.base import Unreadable
from groundswell.sources.files import expand_inputs
from groundswell.sources.json_docs import block_lines, raw_blocks
from groundswell.sources.line_ranges import line_ranges, read_range
from tests.sources.test_json_blocks import LINES


@settings(max_examples=300, deadline=None)
@given(
    lines=LINES,
    final_newline=st.booleans(),
    read_bytes=st.integers(1, 40),
    size=st.integers(1, 60),
)
def test_ranges_read_back_are_the_blocks_of_raw_blocks(
    lines: list[bytes], final_newline: bool, read_bytes: int, size: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    expected = [b for b in raw_blocks(io.BytesIO(data), "f.jsonl", size)]
    assert not any(isinstance(b, Unreadable) for b in expected)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(data)
        ranges = list(line_ranges(io.BytesIO(data), size, read_bytes))
        assert [read_range(path, "f.jsonl", r) for r in ranges] == expected


def test_ranges_number_the_lines_of_a_real_sized_file(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"".join(b"%05d\n" % n for n in range(1000)))  # 6 bytes a line
    with path.open("rb") as stream:
        ranges = list(line_ranges(stream, 60, read_bytes=64))
    assert ranges[:2] == [(1, 0, 60), (11, 60, 120)]
    assert len(ranges) == 100
    assert next(block_lines(read_range(path, "f.jsonl", ranges[7]))) == (71, 420, b"00070")


def test_a_file_that_shrank_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"a\nb\nc\n")
    with path.open("rb") as stream:
        ranges = list(line_ranges(stream, 2))
    path.write_bytes(b"a\n")
    with pytest.raises(InputError, match=r"f\.jsonl: the file shrank.*Ingest it again"):
        read_range(path, "f.jsonl", ranges[-1])


def test_a_block_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(line_ranges(io.BytesIO(b"a\n"), 0))


def test_only_uncompressed_regular_files_are_read_by_byte_range(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b"{}\n")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))
    os.mkfifo(tmp_path / "c.jsonl")
    found = {f.inner_name: f.plain for f in expand_inputs([tmp_path / "a.jsonl"])}
    found |= {f.inner_name: f.plain for f in expand_inputs([tmp_path / "b.jsonl.gz"])}
    found |= {f.inner_name: f.plain for f in expand_inputs([tmp_path / "c.jsonl"])}
    assert found == {"a.jsonl": True, "b.jsonl": False, "c.jsonl": False}
