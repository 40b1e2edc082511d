"""Recognising a deletion list: documents made by the reader of ``deletions*.txt`` files."""

from __future__ import annotations

from groundswell.platforms.base import Document


def sniff(documents: list[Document]) -> bool:
    """Return True when the documents are lines of a deletion list."""
    return bool(documents) and all(
        isinstance(d.value, dict) and set(d.value) == {"deletion"} for d in documents
    )
