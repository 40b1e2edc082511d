"""The DuckDB schema of a groundswell store, created idempotently."""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = "1"

POST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "VARCHAR NOT NULL"),
    ("id", "VARCHAR NOT NULL"),
    ("author", "VARCHAR"),
    ("author_handle", "VARCHAR"),
    ("kind", "VARCHAR NOT NULL"),
    ("created_at", "TIMESTAMP NOT NULL"),
    ("utc_offset_minutes", "INTEGER"),
    ("text", "VARCHAR"),
    ("lang", "VARCHAR"),
    ("reply_to_id", "VARCHAR"),
    ("reply_to_author", "VARCHAR"),
    ("quoted_id", "VARCHAR"),
    ("reposted_id", "VARCHAR"),
    ("conversation_id", "VARCHAR"),
    ("hashtags", "VARCHAR[]"),
    ("hashtags_norm", "VARCHAR[]"),
    ("mentions", "VARCHAR[]"),
    ("links", "VARCHAR[]"),
    ("replies", "BIGINT"),
    ("reposts", "BIGINT"),
    ("likes", "BIGINT"),
    ("quotes", "BIGINT"),
    ("direct", "BOOLEAN NOT NULL"),
    ("withheld", "BOOLEAN NOT NULL"),
    ("edit_history", "VARCHAR[]"),
    ("deleted", "BOOLEAN NOT NULL"),
    ("source_file", "VARCHAR"),
    ("source_line", "BIGINT"),
    ("source_offset", "BIGINT"),
    ("format", "VARCHAR"),
    # Sealed payloads are incompressible: analysing them for compression at each checkpoint
    # only costs time and (whole row groups at once) memory.
    ("raw", "BLOB USING COMPRESSION uncompressed"),
)

_TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS posts ("
    + ", ".join(f"{name} {kind}" for name, kind in POST_COLUMNS)
    + ", PRIMARY KEY (platform, id))",
    """CREATE TABLE IF NOT EXISTS quarantine (
        source_file VARCHAR NOT NULL, line BIGINT, byte_offset BIGINT NOT NULL,
        reason VARCHAR NOT NULL, raw BLOB, PRIMARY KEY (source_file, byte_offset))""",
    """CREATE TABLE IF NOT EXISTS deletions (
        platform VARCHAR NOT NULL, post_id VARCHAR NOT NULL, reason VARCHAR,
        source_file VARCHAR, PRIMARY KEY (platform, post_id))""",
    """CREATE TABLE IF NOT EXISTS edits (
        platform VARCHAR NOT NULL, version_id VARCHAR NOT NULL, latest_id VARCHAR NOT NULL,
        superseded BOOLEAN NOT NULL, PRIMARY KEY (platform, version_id, latest_id))""",
    """CREATE TABLE IF NOT EXISTS files (
        path VARCHAR PRIMARY KEY, format VARCHAR, size BIGINT, mtime DOUBLE, documents BIGINT,
        posts BIGINT, quarantined BIGINT, deletions BIGINT, note VARCHAR, ingested_at TIMESTAMP)""",
]


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet and record the schema version."""
    for statement in _TABLES:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION]
    )
