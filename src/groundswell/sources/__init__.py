"""Reading inputs: expanding paths, opening compressed and archived files, splitting documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from groundswell.platforms.base import Document, Unreadable
from groundswell.sources.files import InputFile, expand_inputs
from groundswell.sources.json_docs import read_json_documents

__all__ = ["InputFile", "expand_inputs", "read_documents", "read_json_documents"]


def read_documents(path: Path | str) -> Iterator[Document | Unreadable]:
    """Read every document of one path (a file, an archive or a folder) in order."""
    for input_file in expand_inputs([Path(path)]):
        yield from input_file.documents()
