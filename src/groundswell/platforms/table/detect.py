"""Recognising table rows: dicts of column name to text, as the CSV reader yields them."""

from __future__ import annotations

from groundswell.platforms.base import Document

__all__ = ["sniff"]


def sniff(documents: list[Document]) -> bool:
    """Return True when every document is a non-empty ``dict`` whose values are all ``str``/None.

    That is what ``sources.tables.read_delimited`` yields for CSV/TSV rows, and what no platform
    API payload looks like (they all hold numbers, booleans or nested objects). Parquet rows and
    JSON lines carry other types, so the pipeline picks ``table`` for them from the file name
    (``sources.tables.sniff_table_name``) or because a column map was given (``--map`` or a
    sidecar), not from this sniff. Sniff ``table`` after every platform format.
    """
    if not documents:
        return False
    for document in documents:
        value = document.value
        if not isinstance(value, dict) or not value:
            return False
        if not all(item is None or isinstance(item, str) for item in value.values()):
            return False
    return True
