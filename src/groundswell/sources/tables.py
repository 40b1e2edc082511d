"""Table readers: CSV/TSV rows streamed with encoding and delimiter sniffing, Parquet in batches."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from groundswell.model import SourceRef
from groundswell.platforms.base import Document, Unreadable

__all__ = ["DELIMITERS", "read_delimited", "read_parquet", "sniff_table_name"]

DELIMITERS = (",", ";", "\t", "|")
"""The delimiters ``read_delimited`` recognises on its own; any one character can be given."""

_TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".parquet", ".pq")
_SAMPLE_BYTES = 64 * 1024
_CHUNK_BYTES = 1 << 20
_SNIFF_ROWS = 200
# cp1252 leaves these bytes undefined; a file holding them is read as latin-1 instead.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_INVALID = re.compile("[\udc80-\udcff]")


def sniff_table_name(name: str) -> bool:
    """Return True for a file name that is a table (``.csv .tsv .tab .parquet .pq``).

    Compression suffixes (``.gz`` …) must be stripped by the caller.
    """
    return name.lower().endswith(_TABLE_SUFFIXES)


def sniff_encoding(sample: bytes) -> tuple[str, int]:
    """Return (codec name, BOM length) for the first bytes of a text table.

    A BOM decides (UTF-8 as Excel writes it, UTF-16 LE/BE); NUL bytes in every other position mean
    UTF-16 without a BOM; valid UTF-8 means UTF-8; otherwise cp1252, or latin-1 when the sample
    holds a byte cp1252 leaves undefined.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if sample.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    pairs = sample[: len(sample) - len(sample) % 2]
    if len(pairs) >= 4:
        if pairs[1::2].count(0) > 0.9 * (len(pairs) // 2):
            return "utf-16-le", 0
        if pairs[0::2].count(0) > 0.9 * (len(pairs) // 2):
            return "utf-16-be", 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return ("latin-1" if _CP1252_HOLES.intersection(sample) else "cp1252"), 0
    return "utf-8", 0


def sniff_delimiter(text: str) -> str:
    """Return the delimiter among ``DELIMITERS`` that splits ``text`` into the most consistent rows.

    Each candidate parses the sample (its last, maybe cut-off, row dropped); the winner gives the
    most rows with as many fields as the header, then the most fields. A sample that no candidate
    splits into two or more columns is a one-column file: ``,``.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        lines = lines[:-1]
    best: tuple[float, int] = (0.0, 1)
    chosen = ","
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(lines, delimiter=delimiter) if r][:_SNIFF_ROWS]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(r) == width for r in rows) / len(rows), width)
        if score > best:
            best, chosen = score, delimiter
    return chosen


def _chunks(stream: IO[bytes], first: bytes) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := stream.read(_CHUNK_BYTES):
        yield chunk


def _byte_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a byte stream into lines, each with its ``\\n``; the last may have none."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", start)) >= 0:
            yield pending[start : end + 1]
            start = end + 1
        pending = pending[start:]
    if pending:
        yield pending


def _physical_lines(chunks: Iterable[bytes], encoding: str) -> Iterator[tuple[bytes, str]]:
    """Yield (original bytes, decoded text) per physical line; bad bytes decode to surrogates."""
    if "\n".encode(encoding) == b"\n":  # ASCII-compatible: split bytes, decode each line
        for raw in _byte_lines(chunks):
            yield raw, raw.decode(encoding, errors="surrogateescape")
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield (line + "\n").encode(encoding), line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending.encode(encoding), pending


def _header(cells: list[str]) -> list[str]:
    """Column names: blank ones become ``column_N``; a repeated name gets ``_2``, ``_3`` …"""
    names: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        name = _INVALID.sub("\ufffd", cell.strip()) or f"column_{index}"
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        names.append(name)
    return names


def read_delimited(
    stream: BinaryIO,
    name: str,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Iterator[Document | Unreadable]:
    """Yield one ``Document`` per data row of a CSV/TSV stream, read row by row.

    The first non-blank row is the header. ``Document.value`` is ``{column: cell}`` (all ``str``);
    ``source.line`` is the 1-based physical line where the row starts (a quoted field may span
    lines) and ``source.offset`` its byte offset; ``raw`` is the row's original bytes. A row with
    the wrong number of fields, or bytes invalid in the encoding, becomes ``Unreadable`` and
    reading goes on. ``delimiter`` and ``encoding`` override the sniffed ones.
    """
    sample = stream.read(_SAMPLE_BYTES)
    if encoding is None:
        encoding, bom = sniff_encoding(sample)
    else:
        encoding = codecs.lookup(encoding).name
        bom = 0
        if encoding in ("utf-8", "utf-8-sig") and sample.startswith(codecs.BOM_UTF8):
            encoding, bom = "utf-8", len(codecs.BOM_UTF8)
        elif encoding.startswith("utf-16"):
            sniffed, bom = sniff_encoding(sample)
            encoding = sniffed if sniffed.startswith("utf-16") else encoding
            encoding = "utf-16-le" if encoding == "utf-16" else encoding
    if delimiter is None:
        head = sample[bom:].decode(encoding, errors="replace")
        delimiter = sniff_delimiter(head)
    consumed: list[tuple[bytes, int, int]] = []  # (raw, line number, offset) of the current row
    position = {"offset": bom, "line": 0}

    def lines() -> Iterator[str]:
        for raw, text in _physical_lines(_chunks(stream, sample[bom:]), encoding):
            position["line"] += 1
            consumed.append((raw, position["line"], position["offset"]))
            position["offset"] += len(raw)
            yield text

    reader = csv.reader(lines(), delimiter=delimiter)
    columns: list[str] | None = None
    while True:
        cells: list[str] | None = None
        error = ""
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            error = f"CSV syntax error: {exc}"
        if not consumed:
            break
        raw = b"".join(part[0] for part in consumed)
        source = SourceRef(name, consumed[0][1], consumed[0][2])
        consumed.clear()
        if cells is None:
            yield Unreadable(source, raw, error)
            continue
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        if columns is None:
            columns = _header(cells)
            continue
        bad = next((c for c in cells if _INVALID.search(c)), None)
        if bad is not None:
            yield Unreadable(source, raw, f"bytes not valid in {encoding}; give --map encoding=…")
        elif len(cells) != len(columns):
            yield Unreadable(
                source, raw, f"row has {len(cells)} fields, the header has {len(columns)}"
            )
        else:
            yield Document(dict(zip(columns, cells, strict=True)), source, raw)


def read_parquet(
    path_or_buffer: str | Path | IO[bytes], name: str, *, batch_size: int = 10_000
) -> Iterator[Document]:
    """Yield one ``Document`` per row of a Parquet file, reading ``batch_size`` rows at a time.

    ``Document.value`` is ``{column: value}`` with Python values as pyarrow gives them (ints,
    datetimes, lists); ``source.line`` is the 1-based row number and ``source.offset`` is 0
    (a Parquet row has no byte offset of its own); ``raw`` is the row as JSON bytes.
    """
    import pyarrow.parquet as pq

    table_file = pq.ParquetFile(path_or_buffer)
    row = 0
    for batch in table_file.iter_batches(batch_size=batch_size):
        for value in batch.to_pylist():
            row += 1
            yield Document(value, SourceRef(name, row, 0), _json_bytes(value))


def _json_bytes(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS)
