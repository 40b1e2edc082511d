"""Watching a store file cheaply and caching measures per store version, holding no lock between reads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from groundswell.errors import StoreError
from groundswell.report import Filters, open_view

__all__ = ["StoreWatcher"]

T = TypeVar("T")


def _signature(path: Path) -> tuple[int, ...]:
    """Size and modification time of the store and its write-ahead log (a stat, no open)."""
    parts: list[int] = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            info = candidate.stat()
            parts += [info.st_size, info.st_mtime_ns]
        except FileNotFoundError:
            parts += [-1, -1]
    return tuple(parts)


@dataclass
class StoreWatcher:
    """What the dashboard knows of one store file.

    `poll` stats the file; only when it changed does it open the store (read-only, briefly, retried
    while another process writes) to count posts. Measures are cached per store version and
    parameters, and computed once however many clients ask at the same time.
    """

    path: Path
    cache_size: int = 128
    version: int = 0
    state: dict[str, Any] = field(default_factory=dict)
    _signature: tuple[int, ...] = ()
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict)
    _pending: dict[tuple[Any, ...], threading.Lock] = field(default_factory=dict)

    def poll(self) -> dict[str, Any]:
        """Return ``{"version", "posts", "last_post", "stale"}``, re-reading the store if it changed."""
        signature = _signature(self.path)
        with self._lock:
            if signature == self._signature and self.state:
                return self.state
        retries = 3 if self.state else 50  # with nothing to show yet, wait for the writer longer
        try:
            with open_view(self.path, retries=retries, delay=0.1) as view:
                row = view.connection.execute(
                    "SELECT count(*), max(created_at) FROM posts WHERE NOT deleted"
                ).fetchone()
        except StoreError:
            if not self.state:
                raise
            return {**self.state, "stale": True}  # a writer holds the file: try next poll
        posts, last = row or (0, None)
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                self.version += 1
                self._cache.clear()
            self.state = {
                "version": self.version,
                "posts": posts,
                "last_post": None if last is None else last.isoformat() + "Z",
                "stale": False,
            }
            return self.state

    def peek(self, key: tuple[Any, ...], filters: Filters) -> Any:
        """The cached value for ``key`` if the store is unchanged since the last poll, else None.

        Only stats the file: safe to call on the event loop.
        """
        if _signature(self.path) != self._signature or not self.state:
            return None
        with self._lock:
            return self._cache.get((self.state["version"], filters, *key))

    def cached(self, key: tuple[Any, ...], filters: Filters, compute: Callable[[Any], T]) -> T:
        """``compute(view)`` for this store version and ``key``, computed once and cached."""
        version = self.poll()["version"]
        full_key = (version, filters, *key)
        with self._lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return cast(T, self._cache[full_key])
            gate = self._pending.setdefault(full_key, threading.Lock())
        with gate:
            with self._lock:
                if full_key in self._cache:
                    return cast(T, self._cache[full_key])
            with open_view(self.path, filters) as view:
                value = compute(view)
            with self._lock:
                self._cache[full_key] = value
                self._pending.pop(full_key, None)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            return value
