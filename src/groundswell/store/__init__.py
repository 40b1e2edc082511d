"""The DuckDB store: schema, crash-safe idempotent ingest, quarantine, deletions and status."""

from groundswell.store.ingest import FileReport, IngestOptions, IngestSummary, ingest
from groundswell.store.status import store_status
from groundswell.store.store import DEFAULT_DB, Store

__all__ = [
    "DEFAULT_DB",
    "FileReport",
    "IngestOptions",
    "IngestSummary",
    "Store",
    "ingest",
    "store_status",
]
