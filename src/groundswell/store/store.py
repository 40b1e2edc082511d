"""Opening a groundswell store (a DuckDB file) and binding it to one pseudonym key."""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType

import duckdb

from groundswell.errors import StoreError
from groundswell.privacy.keys import KeyRing
from groundswell.store.schema import create_schema

DEFAULT_DB = Path("groundswell.duckdb")


LOCK_WAIT_SECONDS = 10.0


def _connect_with_retry(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Connect, waiting up to ``LOCK_WAIT_SECONDS`` while another process holds the file's lock
    (DuckDB allows one process at a time on a file; the dashboard opens it briefly to read)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
            continue
        # DuckDB draws its own progress bar on stdout during long statements: not in a library.
        connection.execute("SET enable_progress_bar = false")
        return connection


class Store:
    """A DuckDB file holding posts, quarantine, deletions and derived tables.

    Use as a context manager; every write the library makes happens inside a transaction, so a
    crash at any point leaves the last committed state.
    """

    def __init__(
        self, path: Path | str = DEFAULT_DB, *, read_only: bool = False, must_exist: bool = False
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if (read_only or must_exist) and not self.path.exists():
            raise StoreError(
                f"{self.path}: no store here. Run `groundswell ingest PATH --db {self.path}` first."
            )
        try:
            self.connection = _connect_with_retry(self.path, read_only)
        except duckdb.IOException as exc:
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}). If another groundswell command is "
                "using it, wait for it to finish; if the file is not a DuckDB database, choose "
                "another --db."
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(
                f"{self.path}: not a groundswell store ({exc}). Choose another --db."
            ) from exc
        if not read_only:
            create_schema(self.connection)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (committed work is already on disk)."""
        self.connection.close()

    def meta(self, key: str) -> str | None:
        """Return a stored setting, or None."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.connection.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def bind_key(self, keys: KeyRing | None) -> None:
        """Record which key (or none) made this store's pseudonyms; refuse a different one."""
        wanted = keys.fingerprint if keys else "plain"
        found = self.meta("key_fingerprint")
        if found is None:
            self.set_meta("key_fingerprint", wanted)
            return
        if found == wanted:
            return
        if found == "plain" or wanted == "plain":
            raise StoreError(
                f"{self.path}: this store was made "
                + ("without pseudonyms" if found == "plain" else "with pseudonyms")
                + "; mixing plain and pseudonymous identities would double-count people. "
                "Use a new --db, or the same pseudonym setting as before."
            )
        raise StoreError(
            f"{self.path}: this store was made with another key (fingerprint {found}, now "
            f"{wanted}); the same person would get two pseudonyms. Pass the original key with "
            "--key-file or GROUNDSWELL_KEY_FILE, or use a new --db."
        )
