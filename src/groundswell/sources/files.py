"""Input files: directories walked recursively, `.gz/.bz2/.zst/.zip` opened, tables told apart."""

from __future__ import annotations

import bz2
import gzip
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

import zstandard

from groundswell.errors import InputError
from groundswell.model import SourceRef
from groundswell.platforms.base import Document, Unreadable

COMPRESSED_SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".zst": "zstd"}
TABLE_SUFFIXES = {".csv", ".tsv", ".tab"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
SIDECAR_SUFFIX = ".groundswell.toml"
# Files in a collection folder that are never posts: notes, licences, recorded HTTP exchanges.
SKIPPED_SUFFIXES = {".md", ".txt", ".yml", ".yaml", ".toml", ".py", ".sh", ".html", ".png"}


@dataclass(frozen=True)
class InputFile:
    """One readable input: a file on disk or a member of a zip archive.

    Attributes:
        name: display name used in messages and in ``SourceRef.file`` (``a.zip!b.jsonl`` for
            archive members).
        path: the file on disk (the archive for members), used to find a sidecar column map.
        inner_name: the file name with compression suffixes removed, which decides the reader.
        open: returns a fresh binary stream of the decompressed content.
        plain: the content is the bytes of the regular file ``path`` as they are (not compressed,
            not in an archive, not a pipe), so it can be read at any offset.
    """

    name: str
    path: Path
    inner_name: str
    open: Callable[[], BinaryIO]
    plain: bool = False

    @property
    def kind(self) -> str:
        """``json`` (JSON or JSONL), ``table`` (CSV/TSV), ``parquet`` or ``deletions`` (ids)."""
        if is_deletion_list(self.inner_name):
            return "deletions"
        suffix = Path(self.inner_name).suffix.lower()
        if suffix in TABLE_SUFFIXES:
            return "table"
        if suffix in PARQUET_SUFFIXES:
            return "parquet"
        return "json"

    def documents(
        self, *, delimiter: str | None = None, encoding: str | None = None
    ) -> Iterator[Document | Unreadable]:
        """Yield the documents of this file in order, with unreadable parts as ``Unreadable``."""
        from groundswell.sources.json_docs import read_json_documents

        if self.kind == "json":
            with self.open() as stream:
                yield from read_json_documents(stream, self.name)
            return
        if self.kind == "deletions":
            with self.open() as stream:
                yield from read_deletion_list(stream, self.name)
            return
        from groundswell.sources import tables

        if self.kind == "parquet":
            with self.open() as stream:
                yield from tables.read_parquet(io.BytesIO(stream.read()), self.name)
            return
        with self.open() as stream:
            yield from tables.read_delimited(
                stream, self.name, delimiter=delimiter, encoding=encoding
            )


def _opener(path: Path, compression: str | None) -> Callable[[], BinaryIO]:
    def open_file() -> BinaryIO:
        if compression == "gzip":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        if compression == "bzip2":
            return bz2.open(path, "rb")  # type: ignore[return-value]
        if compression == "zstd":
            raw = path.open("rb")
            return zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return path.open("rb")

    return open_file


def _strip_compression(name: str) -> tuple[str, str | None]:
    suffix = Path(name).suffix.lower()
    if suffix in COMPRESSED_SUFFIXES:
        return name[: -len(suffix)], COMPRESSED_SUFFIXES[suffix]
    return name, None


def _zip_members(path: Path) -> Iterator[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"{path}: not a readable zip archive ({exc}). Re-create the archive."
        ) from exc
    with archive:
        names = sorted(info.filename for info in archive.infolist() if not info.is_dir())
    for member in names:
        if _is_skipped(member):
            continue
        inner, compression = _strip_compression(member)

        def open_member(member: str = member, compression: str | None = compression) -> BinaryIO:
            handle: IO[bytes] = zipfile.ZipFile(path).open(member)  # noqa: SIM115 (the caller closes it)
            if compression == "gzip":
                return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
            if compression == "bzip2":
                return bz2.BZ2File(handle)  # type: ignore[return-value]
            if compression == "zstd":
                return zstandard.ZstdDecompressor().stream_reader(handle)
            return handle  # type: ignore[return-value]

        yield InputFile(f"{path}!{member}", path, Path(inner).name, open_member)


def is_deletion_list(name: str) -> bool:
    """True for a plain-text file of deleted post ids: ``deletions*.txt`` or ``*.deletions.txt``."""
    base = Path(name).name.lower()
    return base.endswith(".txt") and (
        base.startswith("deletions") or base.endswith(".deletions.txt")
    )


def read_deletion_list(stream: BinaryIO, name: str) -> Iterator[Document | Unreadable]:
    """Yield one document ``{"deletion": line}`` per non-empty line of a file of ids."""
    offset = 0
    for number, line in enumerate(stream, 1):
        text = line.strip()
        if text and not text.startswith(b"#"):
            source = SourceRef(name, number, offset)
            try:
                yield Document({"deletion": text.decode("utf-8")}, source, text)
            except UnicodeDecodeError as exc:
                yield Unreadable(source, text, f"invalid UTF-8 at byte {exc.start} of the line")
        offset += len(line)


def _is_skipped(name: str) -> bool:
    lowered = name.lower()
    base = Path(lowered).name
    if is_deletion_list(base):
        return False
    if lowered.endswith(SIDECAR_SUFFIX) or base.startswith(".") or base in {"license", "licence"}:
        return True
    return Path(_strip_compression(lowered)[0]).suffix in SKIPPED_SUFFIXES


def expand_inputs(paths: Iterable[Path | str]) -> Iterator[InputFile]:
    """Yield the input files named by ``paths``: files as given, directories walked in sorted
    order (skipping notes, licences, sidecars and recorded HTTP exchanges), zip archives opened."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory. Check the path and try again.")
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file())
            for child in children:
                if _is_skipped(str(child.relative_to(path))):
                    continue
                yield from expand_inputs([child])
            continue
        if path.suffix.lower() == ".zip":
            yield from _zip_members(path)
            continue
        inner, compression = _strip_compression(path.name)
        yield InputFile(
            str(path),
            path,
            inner,
            _opener(path, compression),
            plain=compression is None and path.is_file(),  # not a pipe or a device
        )
