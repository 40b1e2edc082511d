"""Helpers shared by the platform writers: times as strings, JSON text literals, response counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import orjson
from numpy.typing import NDArray

from groundswell.simulate._accounts import Accounts
from groundswell.simulate._assign import World
from groundswell.simulate._catalogue import Catalogue
from groundswell.simulate._config import QUOTE, REPLY, REPOST

__all__ = ["Context", "Output", "iso_ms", "truncate"]

I64 = NDArray[np.int64]


def iso_ms(t: I64) -> list[str]:
    """``YYYY-MM-DDTHH:MM:SS.mmm`` (UTC, no zone suffix) for Unix milliseconds."""
    return np.datetime_as_string(t.astype("datetime64[ms]"), unit="ms").tolist()  # type: ignore[no-any-return]


def truncate(line: bytes) -> bytes:
    """A line cut off mid-record, as a crashed collector leaves it."""
    return line[: max(1, len(line) // 2)]


@dataclass(slots=True)
class Output:
    """What a platform writer wrote.

    Attributes:
        sel: indices (into the world) of the platform's posts, in ``ids`` order.
        ids: each post's id as groundswell keys it (see ARCHITECTURE "Ids").
        files: relative path → number of lines written.
        deletions: number of deletion records written.
    """

    sel: I64
    ids: list[str]
    files: dict[str, int] = field(default_factory=dict)
    deletions: int = 0


@dataclass(slots=True)
class Context:
    """Everything a writer reads, with per-world caches built once."""

    world: World
    accounts: Accounts
    catalogue: Catalogue
    rng: np.random.Generator
    text_json: list[str] = field(init=False)
    replies: I64 = field(init=False)
    quotes: I64 = field(init=False)
    reposts: I64 = field(init=False)
    likes: I64 = field(init=False)

    def __post_init__(self) -> None:
        self.text_json = [orjson.dumps(e.text).decode() for e in self.catalogue.entries]
        w = self.world
        n = len(w.t)
        has = w.parent >= 0
        self.replies = np.bincount(w.parent[has & (w.kind == REPLY)], minlength=n)
        self.quotes = np.bincount(w.parent[has & (w.kind == QUOTE)], minlength=n)
        self.reposts = np.bincount(w.parent[has & (w.kind == REPOST)], minlength=n)
        self.likes = self.rng.geometric(0.25, n) - 1 + 3 * (self.replies + self.reposts)

    def select(self, platform: int) -> I64:
        """Indices of the platform's posts, in time order."""
        sel = np.flatnonzero(self.world.plat == platform)
        return sel[np.argsort(self.world.t[sel], kind="stable")]
