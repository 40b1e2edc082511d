"""DuckDB settings while an ingest writes: fewer checkpoints, one thread beside the parsing
workers, and a memory ceiling that rises only when a batch needs more, so an ingest's memory
stays flat whatever the size of its input."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import duckdb

# Committed rows stay in memory until a checkpoint writes them into the database file: a larger
# threshold checkpoints less often, a smaller one holds less in memory.
CHECKPOINT_THRESHOLD = "128MB"
# DuckDB keeps blocks it has written or read cached up to its memory limit (80% of RAM by
# default), so without a lower limit an ingest's memory grows with the store.
START_LIMIT_BYTES = 256 << 20

_UNITS = {
    "bytes": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1 << 10,
    "mib": 1 << 20,
    "gib": 1 << 30,
    "tib": 1 << 40,
}
_SIZE = re.compile(r"\s*([0-9.]+)\s*([A-Za-z]+)\s*")

T = TypeVar("T")


def size_bytes(text: str) -> int | None:
    """Bytes of a DuckDB size setting (``'18.6 GiB'``, ``'256MB'``); None when not a size."""
    match = _SIZE.fullmatch(text)
    if match is None or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


class BulkSettings:
    """Applies the ingest settings to a connection and puts the previous ones back.

    Attributes:
        limit_bytes: the memory limit in force.
        raised: how many times a batch needed the limit raised.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, one_thread: bool = False) -> None:
        self._connection = connection
        self._one_thread = one_thread
        names = ("checkpoint_threshold", "memory_limit", "threads")
        self._previous = {name: _setting(connection, name) for name in names}
        # The limit never rises above the one the connection had: DuckDB's own, or the user's.
        self._maximum = size_bytes(self._previous["memory_limit"]) or START_LIMIT_BYTES
        self.limit_bytes = min(START_LIMIT_BYTES, self._maximum)
        self.raised = 0

    def apply(self) -> None:
        """Set the checkpoint threshold, the starting memory limit and, where asked, one thread."""
        self._connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        if self._one_thread:
            # With parsing workers on every core, DuckDB's own threads only compete with them.
            self._connection.execute("SET threads = 1")
        self._set_limit()

    def raise_limit(self) -> bool:
        """Double the memory limit (up to the connection's own); False when it cannot rise."""
        if self.limit_bytes >= self._maximum:
            return False
        self.limit_bytes = min(2 * self.limit_bytes, self._maximum)
        self.raised += 1
        self._set_limit()
        return True

    def restore(self) -> None:
        """Put the previous settings back: the defaults exactly, a user's own as DuckDB showed
        them (to its rounding, a tenth of a unit)."""
        for name, value in self._previous.items():
            self._connection.execute(f"RESET {name}")
            if _setting(self._connection, name) != value:
                self._connection.execute(f"SET {name} = '{value}'")

    def retrying(self, action: Callable[[], T]) -> T:
        """Run ``action``, raising the limit and running it again while DuckDB runs out of memory.

        ``action`` must leave the store as it was when it fails (one transaction, rolled back).
        """
        while True:
            try:
                return action()
            except duckdb.OutOfMemoryException:
                if not self.raise_limit():
                    raise

    def _set_limit(self) -> None:
        """Set ``limit_bytes``, raised as far as needed while DuckDB already holds more."""
        while True:
            try:
                self._connection.execute(f"SET memory_limit = '{self.limit_bytes}B'")
                return
            except duckdb.OutOfMemoryException:
                if self.limit_bytes >= self._maximum:
                    raise
                self.limit_bytes = min(2 * self.limit_bytes, self._maximum)


def _setting(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    row = connection.execute("SELECT current_setting(?)", [name]).fetchone()
    assert row is not None
    return str(row[0])
