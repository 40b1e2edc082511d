"""Short-lived, read-only, optionally filtered views of a store file, retried while a writer holds it."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from groundswell.errors import StoreError
from groundswell.store import Store

__all__ = ["VARIANT_SQL", "Filters", "open_view"]

# The variant a match counts for, as `measures.frames.movement_posts` derives it: the first hashtag
# of the recorded detail ("#metoo (#MeToo)"), else the detail (a repost's inner detail), lower-cased.
_TAG = r"regexp_extract(detail, '#([^\s()]+)', 1)"
_INNER = r"regexp_extract(detail, '^reposts \S+ \((.*)\)$', 1)"
VARIANT_SQL = (
    f"lower(CASE WHEN {_TAG} <> '' THEN {_TAG} WHEN {_INNER} <> '' THEN {_INNER} ELSE detail END)"
)


@dataclass(frozen=True)
class Filters:
    """Which posts a view keeps; an empty tuple keeps every value."""

    platforms: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """True when any filter narrows the posts."""
        return bool(self.platforms or self.langs or self.variants)


def _in(column: str, values: Sequence[str]) -> str:
    """``column IN ('a', 'b')`` with the values quoted as SQL literals (views take no parameters)."""
    literals = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({literals})"


def _attach(con: duckdb.DuckDBPyConnection, path: Path, retries: int, delay: float) -> None:
    for attempt in range(retries + 1):
        try:
            con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS src (READ_ONLY)")
            return
        except duckdb.IOException as exc:  # another process is writing: it holds the file lock
            if attempt == retries:
                raise StoreError(
                    f"{path}: the store stayed locked by another process (an ingest?) for "
                    f"{retries * delay:.1f} s ({exc}). Try again when it has finished."
                ) from exc
            time.sleep(delay)


@contextmanager
def open_view(
    path: Path, filters: Filters = Filters(), *, retries: int = 50, delay: float = 0.1
) -> Iterator[Store]:
    """Yield a `Store` whose tables are read-only views of ``path``, narrowed by ``filters``.

    The file is attached to a fresh in-memory DuckDB and detached on exit, so the caller holds no
    lock between calls and another process may ingest in between. DuckDB lets one process write a
    file and no other process open it meanwhile, not even read-only, so a locked file is retried
    (``retries`` times, ``delay`` seconds apart) before a `StoreError`.
    """
    if not path.exists():
        raise StoreError(f"{path}: no store here. Run `groundswell ingest PATH --db {path}` first.")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        _attach(con, path, retries, delay)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'"
            ).fetchall()
        ]
        for table in tables:
            if table not in ("posts", "matches", "roles"):
                con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM src."{table}"')
        post_conditions = ["true"]
        for column, values in (("platform", filters.platforms), ("lang", filters.langs)):
            if values:
                post_conditions.append(_in(column, values))
        con.execute(
            f"CREATE VIEW posts AS SELECT * FROM src.posts WHERE {' AND '.join(post_conditions)}"
        )
        if "matches" in tables:
            match_condition = _in(VARIANT_SQL, filters.variants) if filters.variants else "true"
            con.execute(
                "CREATE VIEW matches AS SELECT m.* FROM src.matches m "
                "SEMI JOIN posts p ON p.platform = m.platform AND p.id = m.id "
                f"WHERE {match_condition}"
            )
            con.execute(
                "CREATE VIEW roles AS SELECT DISTINCT m.movement, p.platform, p.author, "
                "CASE WHEN p.kind = 'repost' THEN 'amplifier' ELSE 'voice' END AS role "
                "FROM matches m JOIN posts p ON p.platform = m.platform AND p.id = m.id "
                "WHERE p.author IS NOT NULL AND NOT p.deleted"
            )
        store = Store.__new__(Store)  # a Store over the views: no schema creation, no lock held
        store.path, store.read_only, store.connection = path, True, con
        yield store
    finally:
        con.close()
