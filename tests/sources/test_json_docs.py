"""Reading JSON and JSON lines from plain, compressed and archived files, keeping bad bytes."""

from __future__ import annotations

import bz2
import gzip
import zipfile
from pathlib import Path

import zstandard

from groundswell.platforms.base import Document, Unreadable
from groundswell.sources import expand_inputs, read_documents

LINES = [b'{"a": 1}', b'{"a": 2}', b'{"a": 3}']


def _documents(path: Path) -> list[Document | Unreadable]:
    return list(read_documents(path))


def test_jsonl_gives_one_document_per_line_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"\n".join(LINES) + b"\n\n")
    docs = _documents(path)
    assert [d.value["a"] for d in docs if isinstance(d, Document)] == [1, 2, 3]
    assert [d.source.line for d in docs] == [1, 2, 3]
    assert [d.source.offset for d in docs] == [0, 9, 18]


def test_pretty_printed_json_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[\n  {"a": 1},\n  {"a": 2}\n]\n')
    (doc,) = _documents(path)
    assert isinstance(doc, Document) and doc.source.line is None and len(doc.value) == 2


def test_bad_line_and_invalid_utf8_are_unreadable_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(LINES[0] + b"\n" + b'{"a": ' + b"\n" + b'{"a": "\xff"}' + b"\n" + LINES[2] + b"\n")
    docs = _documents(path)
    bad = [d for d in docs if isinstance(d, Unreadable)]
    assert [d.source.line for d in bad] == [2, 3]
    assert "invalid JSON" in bad[0].reason and "UTF-8" in bad[1].reason
    assert bad[1].raw == b'{"a": "\xff"}'
    assert [d.value["a"] for d in docs if isinstance(d, Document)] == [1, 3]


def test_compressed_inputs_read_the_same(tmp_path: Path) -> None:
    content = b"\n".join(LINES) + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(content))
    (tmp_path / "b.jsonl.bz2").write_bytes(bz2.compress(content))
    (tmp_path / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(content))
    with zipfile.ZipFile(tmp_path / "d.zip", "w") as archive:
        archive.writestr("inner/e.jsonl", content)
        archive.writestr("inner/f.jsonl.gz", gzip.compress(content))
    files = list(expand_inputs([tmp_path]))
    assert [f.name.replace(f"{tmp_path}/", "") for f in files] == ["a.jsonl.gz", "b.jsonl.bz2", "c.jsonl.zst",
                                                  "d.zip!inner/e.jsonl", "d.zip!inner/f.jsonl.gz"]
    for f in files:
        assert [d.value["a"] for d in f.documents() if isinstance(d, Document)] == [1, 2, 3], f.name


def test_truncated_gzip_keeps_complete_lines_and_quarantines_the_tail(tmp_path: Path) -> None:
    content = b"".join(b'{"n": %d, "pad": "%s"}\n' % (i, b"x" * 50) for i in range(2000))
    packed = gzip.compress(content)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    docs = _documents(path)
    good = [d for d in docs if isinstance(d, Document)]
    bad = [d for d in docs if isinstance(d, Unreadable)]
    assert len(bad) == 1 and "ended early" in bad[0].reason
    assert 0 < len(good) < 2000
    assert [d.value["n"] for d in good] == list(range(len(good)))


def test_directories_skip_notes_licences_and_sidecars(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "x.csv.groundswell.toml").write_text("")
    (tmp_path / "x.csv").write_text("a,b\n")
    (tmp_path / "cassette.yml").write_text("a: 1")
    assert [Path(f.name).name for f in expand_inputs([tmp_path])] == ["x.csv"]
