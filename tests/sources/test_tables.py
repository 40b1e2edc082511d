"""Tests for the table readers: encodings, delimiters, quoted lines, bad rows, Parquet batches."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from groundswell.platforms.base import Document, Unreadable
from groundswell.sources.tables import (
    read_delimited,
    read_parquet,
    sniff_delimiter,
    sniff_encoding,
    sniff_table_name,
)


def read(data: bytes, **kwargs: str) -> list[Document | Unreadable]:
    return list(read_delimited(io.BytesIO(data), "t.csv", **kwargs))


def documents(items: list[Document | Unreadable]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def test_plain_utf8_rows_lines_offsets_and_raw() -> None:
    data = b"id,text\n1,hello\n2,world\n"
    items = read(data)
    assert [d.value for d in documents(items)] == [
        {"id": "1", "text": "hello"},
        {"id": "2", "text": "world"},
    ]
    first, second = documents(items)
    assert (first.source.line, first.source.offset, first.raw) == (2, 8, b"1,hello\n")
    assert (second.source.line, second.source.offset) == (3, 16)
    assert data[second.source.offset :].startswith(second.raw)


def test_excel_utf8_bom_is_not_part_of_the_first_column() -> None:
    data = "\ufeffid;text\n1;caf\u00e9\n".encode()
    [doc] = documents(read(data))
    assert doc.value == {"id": "1", "text": "caf\u00e9"}
    assert data[doc.source.offset :] == doc.raw


def test_utf16_with_bom_and_tabs() -> None:
    data = "id\ttext\n1\tna\u00efve \u2014 ok\n".encode("utf-16")
    assert sniff_encoding(data)[0].startswith("utf-16")
    [doc] = documents(read(data))
    assert doc.value == {"id": "1", "text": "na\u00efve \u2014 ok"}
    assert data[doc.source.offset : doc.source.offset + len(doc.raw)] == doc.raw


def test_tsv_is_sniffed() -> None:
    data = b"id\ttext\tlang\n1\ta, b, c\ten\n2\td; e\tfr\n"
    docs = documents(read(data))
    assert docs[0].value == {"id": "1", "text": "a, b, c", "lang": "en"}
    assert docs[1].value["text"] == "d; e"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_sniffed(delimiter: str) -> None:
    rows = [["id", "text", "created_at"], ["1", "x y", "2019-01-01"], ["2", "z", "2019-01-02"]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    assert sniff_delimiter(out.getvalue()) == delimiter


def test_semicolon_csv_with_a_multiline_quoted_field() -> None:
    data = b'id;text;n\n1;"first line\r\nsecond; still text";3\n2;plain;4\n'
    items = read(data)
    docs = documents(items)
    assert len(items) == len(docs) == 2
    assert docs[0].value["text"] == "first line\r\nsecond; still text"
    assert docs[0].source.line == 2
    assert docs[1].source.line == 4  # the quoted field took lines 2 and 3
    assert docs[1].raw == b"2;plain;4\n"
    assert data[docs[0].source.offset :].startswith(docs[0].raw)


def test_cp1252_bytes_are_sniffed_and_decoded() -> None:
    data = "id,text\n1,\u201cquoted\u201d caf\u00e9 \u20ac5\n".encode("cp1252")
    assert sniff_encoding(data) == ("cp1252", 0)
    [doc] = documents(read(data))
    assert doc.value["text"] == "\u201cquoted\u201d caf\u00e9 \u20ac5"


def test_invalid_bytes_spoil_only_their_row() -> None:
    data = b"id,text\n1,good\n2,bad \xff byte\n3,fine\n"
    items = read(data, encoding="utf-8")
    assert [type(i).__name__ for i in items] == ["Document", "Unreadable", "Document"]
    bad = items[1]
    assert isinstance(bad, Unreadable)
    assert bad.source.line == 3
    assert bad.raw == b"2,bad \xff byte\n"
    assert "utf-8" in bad.reason


def test_bad_bytes_after_the_sniffed_sample_spoil_only_their_row() -> None:
    data = b"id,text\n" + b"1,caf\xc3\xa9\n" * 20000 + b"2,\x93cp1252\x94\n3,ok\n"
    items = read(data)
    assert len(items) == 20002
    assert isinstance(items[-1], Document) and items[-1].value == {"id": "3", "text": "ok"}
    bad = items[-2]
    assert isinstance(bad, Unreadable) and bad.source.line == 20002
    assert "not valid in utf-8" in bad.reason


def test_short_row_is_unreadable_with_its_line_number() -> None:
    data = b"id,text,lang\n1,a,en\n2,b\n3,c,fr\n"
    items = read(data)
    assert [type(i).__name__ for i in items] == ["Document", "Unreadable", "Document"]
    short = items[1]
    assert isinstance(short, Unreadable)
    assert short.source.line == 3
    assert short.source.offset == data.index(b"2,b")
    assert short.reason == "row has 2 fields, the header has 3"


def test_blank_lines_are_skipped_and_header_names_made_unique() -> None:
    data = b"\nid,text,text,\n\n1,a,b,c\n"
    [doc] = documents(read(data))
    assert doc.value == {"id": "1", "text": "a", "text_2": "b", "column_4": "c"}
    assert doc.source.line == 4


def test_rows_are_read_lazily() -> None:
    """The reader pulls the stream as rows are asked for, not all at once."""

    class Counting(io.RawIOBase):
        def __init__(self) -> None:
            self.reads = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            self.reads += 1
            line = b"id,text\n" if self.reads == 1 else b"1,x\n" * 8192
            buffer[: len(line)] = line
            return len(line)

    stream = Counting()
    rows: Iterator[Document | Unreadable] = read_delimited(io.BufferedReader(stream, 1 << 16), "x")
    for _ in range(10):
        next(rows)
    assert stream.reads < 50  # an endless stream: reading everything would never return


def test_sniff_table_name() -> None:
    assert sniff_table_name("a.CSV") and sniff_table_name("b.tsv") and sniff_table_name("c.tab")
    assert sniff_table_name("d.parquet")
    assert not sniff_table_name("e.jsonl") and not sniff_table_name("f.csv.gz")


def test_parquet_rows_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    table = pa.table({"id": list(range(25)), "text": [f"post {i}" for i in range(25)]})
    pq.write_table(table, path)
    docs = list(read_parquet(path, "t.parquet", batch_size=10))
    assert len(docs) == 25
    assert docs[0].value == {"id": 0, "text": "post 0"}
    assert [d.source.line for d in docs] == list(range(1, 26))
    assert docs[24].raw == b'{"id":24,"text":"post 24"}'


def test_real_semicolon_export_reads_every_row(shared_data: Path) -> None:
    path = shared_data / "csv" / "metoo-2019-03-semicolon.csv"
    with path.open("rb") as stream:
        items = list(read_delimited(stream, path.name))
    with path.open(newline="", encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle, delimiter=";"))
    assert all(isinstance(i, Document) for i in items)
    assert [i.value for i in items if isinstance(i, Document)] == expected
    data = path.read_bytes()
    for item in items[:50]:
        assert data[item.source.offset : item.source.offset + len(item.raw)] == item.raw
        assert data[: item.source.offset].count(b"\n") + 1 == item.source.line
