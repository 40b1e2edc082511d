"""What the platform writers share: the context, strings made once per key, ISO times, lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import Accounts
from groundswell.simulate._arrays import Strs, distinct_inverse, stable_order, strs
from groundswell.simulate._assign import World
from groundswell.simulate._catalogue import Catalogue
from groundswell.simulate._config import PLATFORMS, QUOTE, REPLY, REPOST
from groundswell.simulate._ids import ascii_strings

__all__ = [
    "Context",
    "Output",
    "by_key",
    "iso_chars",
    "iso_texts",
    "iso_times",
    "write_joined",
]

I64 = NDArray[np.int64]
_DAY_MS = 86_400_000
_PART = 4000
"""Lines made and written at a time by ``write_joined``."""


def by_key(key: I64, make: Callable[[int], str]) -> Strs:
    """Per row, ``make(key)``: called once per distinct key, then gathered for every row."""
    if not len(key):
        return np.empty(0, dtype=object)
    low = int(key.min())
    span = int(key.max()) - low + 1
    if span <= max(1 << 16, 2 * len(key)):  # a table over the whole range: no sort needed
        present = np.flatnonzero(np.bincount(key - low, minlength=span))
        table = np.empty(span, dtype=object)
        table[present] = [make(k) for k in (present + low).tolist()]
        dense: Strs = table[key - low]
        return dense
    uniq, inverse = distinct_inverse(key)
    gathered: Strs = strs([make(k) for k in uniq.tolist()])[inverse]
    return gathered


def _table(texts: list[str]) -> NDArray[np.uint8]:
    """Equal-length ASCII texts as rows of a byte array."""
    return np.frombuffer("".join(texts).encode(), dtype=np.uint8).reshape(len(texts), -1)


_HOURS_MINUTES = _table([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)])
_SECONDS_MS = _table([f"{s:02d}.{ms:03d}" for s in range(60) for ms in range(1000)])


def iso_times(t: I64, *, millis: bool = True) -> list[str]:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` (UTC; without ``.mmm`` unless ``millis``) for Unix ms."""
    if not len(t):
        return []
    chars = iso_chars(t)
    return ascii_strings(chars if millis else _without_millis(chars))


def iso_texts(t: I64, *, millis: bool = True) -> pa.Array:
    """``iso_times(t, millis=millis)`` as an Arrow string array."""
    chars = iso_chars(t)
    return arrow.fixed_width(chars if millis else _without_millis(chars))


def iso_chars(t: I64) -> NDArray[np.uint8]:
    """``iso_times(t)`` as rows of ASCII codes (``ascii_strings`` makes them strings)."""
    days = t // _DAY_MS
    clock = t - days * _DAY_MS
    first = int(days.min()) if len(t) else 0
    span = np.arange(first, int(days.max()) + 1 if len(t) else 0).astype("datetime64[D]")
    chars = np.empty((len(t), 24), dtype=np.uint8)
    chars[:, :10] = _table(np.datetime_as_string(span).tolist())[days - first]
    chars[:, 10], chars[:, 16] = ord("T"), ord(":")
    chars[:, 11:16] = _HOURS_MINUTES[clock // 60_000]
    chars[:, 17:23] = _SECONDS_MS[clock % 60_000]
    chars[:, 23] = ord("Z")
    return chars


def _without_millis(chars: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """ISO times without their milliseconds: ``Z`` after the seconds."""
    chars[:, 19] = ord("Z")
    return chars[:, :20]


def write_joined(
    path: Path,
    n: int,
    make: Callable[[slice], pa.Array],
    malformed: NDArray[np.bool_],
    head: str = "",
) -> int:
    """Write ``head``, then ``n`` lines that ``make`` makes a part (a slice of the lines) at a time
    as a string array, each line ending in a newline, the ``malformed`` ones cut mid-record;
    return ``n``.

    A cut line is what a crashed collector leaves: the first half of its characters (at least
    one). The lines are written straight from the array's UTF-8 buffer, never made Python
    strings, and a part's memory is reused by the next part instead of freshly faulted in.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.write(head.encode())
        for start in range(0, n, _PART):
            part = slice(start, min(start + _PART, n))
            lines = make(part)
            if lines.type != pa.string():
                lines = pc.cast(lines, pa.string())
            ends = np.frombuffer(lines.buffers()[1], dtype=np.int32)
            ends = ends[lines.offset : lines.offset + len(lines) + 1]
            data = memoryview(lines.buffers()[2])
            at = int(ends[0])
            for j in np.flatnonzero(malformed[part]).tolist():
                f.write(data[at : ends[j]])
                line = bytes(data[ends[j] : ends[j + 1] - 1]).decode()
                f.write(line[: max(1, len(line) // 2)].encode() + b"\n")
                at = int(ends[j + 1])
            f.write(data[at : ends[-1]])
    return n


@dataclass(slots=True)
class Output:
    """What a platform writer wrote.

    Attributes:
        sel: indices (into the world) of the platform's posts, in ``ids`` order.
        ids: each post's id as groundswell keys it (see ARCHITECTURE "Ids").
        files: relative path → number of lines written.
    """

    sel: I64
    ids: pa.Array
    files: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """Everything a writer reads, with per-world caches built once.

    ``rngs`` holds one random stream per platform writer, so writers may run in any order (or in
    parallel) and still write the same bytes.
    """

    world: World
    accounts: Accounts
    catalogue: Catalogue
    rng: np.random.Generator
    text_json: Strs = field(init=False)
    replies: I64 = field(init=False)
    quotes: I64 = field(init=False)
    reposts: I64 = field(init=False)
    likes: I64 = field(init=False)
    rngs: list[np.random.Generator] = field(init=False)

    def __post_init__(self) -> None:
        self.text_json = strs([orjson.dumps(e.text).decode() for e in self.catalogue.entries])
        w = self.world
        n = len(w.t)
        has = w.parent >= 0
        self.replies = np.bincount(w.parent[has & (w.kind == REPLY)], minlength=n)
        self.quotes = np.bincount(w.parent[has & (w.kind == QUOTE)], minlength=n)
        self.reposts = np.bincount(w.parent[has & (w.kind == REPOST)], minlength=n)
        self.likes = self.rng.geometric(0.25, n) - 1 + 3 * (self.replies + self.reposts)
        self.rngs = self.rng.spawn(len(PLATFORMS))

    def select(self, platform: int) -> I64:
        """Indices of the platform's posts, in time order."""
        sel = np.flatnonzero(self.world.plat == platform)
        return sel[stable_order(self.world.t[sel])]

    def positions(self, sel: I64) -> I64:
        """Per post of ``sel``, the position of its parent in ``sel`` (-1: none)."""
        pos = np.full(len(self.world.t), -1, dtype=np.int64)
        pos[sel] = np.arange(len(sel))
        parent = self.world.parent[sel]
        out: I64 = np.where(parent >= 0, pos[np.maximum(parent, 0)], -1)
        return out
