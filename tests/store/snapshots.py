"""What an ingest stored, table by table, for tests that compare two ways of ingesting."""

from __future__ import annotations

from pathlib import Path

from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.sealing import Sealer
from groundswell.store import IngestOptions, Store, ingest
from groundswell.store.ingest import IngestSummary

# Everything but the sealed payload, whose nonce is random; the payloads are compared opened.
_COMPARED = "* EXCLUDE (raw)"
SOURCE_FILES = [
    "twitter-v1/metoo-stream-2017-10-20.jsonl",
    "twitter-v2/streaming_output_with_error.jsonl",
    "twitter-v2/flat.jsonl",
    "twitter-v2/tweets_compliance.jsonl",
    "twitter-v2/brexit.jsonl",
    "reddit/things__TestSubredditStreams.test_submissions.jsonl",
    "instagram/metoo-scrape-2018-2019.jsonl",
    "twitter-v2/edited.jsonl",
    "twitter-v2/edited_after.jsonl",
]


def shared_sources(shared_data: Path) -> list[Path]:
    """The paths of ``SOURCE_FILES`` in the shared data."""
    return [shared_data / "platforms" / name for name in SOURCE_FILES]


def ingest_snapshot(
    db: Path, sources: list[Path], options: IngestOptions
) -> tuple[IngestSummary, list[tuple[object, ...]], list[bytes]]:
    """Ingest ``sources`` into a new store; return the summary, the posts and their opened payloads."""
    with Store(db) as store:
        summary = ingest(store, sources, options)
        con = store.connection
        rows = con.execute(f"SELECT {_COMPARED} FROM posts ORDER BY platform, id").fetchall()
        sealer = Sealer(load_or_create_key())
        raw = [
            sealer.open(r[0]) if r[0] else b""
            for r in con.execute("SELECT raw FROM posts ORDER BY platform, id").fetchall()
        ]
    return summary, rows, raw


def table_snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the quarantine, deletions, edits and files tables, sorted."""
    with Store(db) as store:
        con = store.connection
        queries = {
            "quarantine": "SELECT * EXCLUDE (raw) FROM quarantine ORDER BY ALL",
            "deletions": "SELECT * FROM deletions ORDER BY ALL",
            "edits": "SELECT * FROM edits ORDER BY ALL",
            "files": "SELECT * EXCLUDE (ingested_at) FROM files ORDER BY path",
        }
        return {table: con.execute(query).fetchall() for table, query in queries.items()}
