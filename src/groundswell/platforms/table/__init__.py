"""The ``table`` format: CSV, TSV, Parquet and JSON-lines rows imported through a column map."""

from __future__ import annotations

from collections.abc import Iterator

from groundswell.model import Item
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.table.column_map import (
    FIELDS,
    OPTIONS,
    REQUIRED,
    ColumnMap,
    parse_map_options,
)
from groundswell.platforms.table.detect import sniff
from groundswell.platforms.table.parse import (
    DERIVED_ID_PREFIX,
    FORMAT_NAME,
    UNUSABLE_ID,
    check_column_map,
    derive_id,
    parse,
)
from groundswell.platforms.table.sidecar import (
    find_sidecar,
    load_sidecar,
    load_sidecar_for,
    save_sidecar,
)

__all__ = [
    "DERIVED_ID_PREFIX",
    "FIELDS",
    "FORMAT",
    "OPTIONS",
    "REQUIRED",
    "UNUSABLE_ID",
    "ColumnMap",
    "TableFormat",
    "check_column_map",
    "derive_id",
    "find_sidecar",
    "load_sidecar",
    "load_sidecar_for",
    "parse_map_options",
    "save_sidecar",
]


class TableFormat:
    """Rows of CSV/TSV/Parquet files or JSON lines, read through a column map."""

    name = FORMAT_NAME
    description = "Rows of a CSV, TSV, Parquet or JSON-lines table, read through a column map."

    def sniff(self, documents: list[Document]) -> bool:
        """Return True when the documents are CSV-style rows (see ``detect.sniff``)."""
        return sniff(documents)

    def parse(self, document: Document, context: ParseContext) -> Iterator[Item]:
        """Yield the post of one row (see ``parse.parse``)."""
        return parse(document, context)


FORMAT = TableFormat()
