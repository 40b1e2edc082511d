"""Native identifiers, vectorised: Twitter/Mastodon snowflakes, atproto TIDs and CIDs, base36, DIDs."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow

__all__ = [
    "TWITTER_EPOCH_MS",
    "ascii_strings",
    "base32_sortable",
    "base36_chars",
    "decimal_chars",
    "decimal_strings",
    "mastodon_ids",
    "random_base32_chars",
    "tids",
    "twitter_snowflakes",
]

TWITTER_EPOCH_MS = 1_288_834_974_657
"""Twitter's snowflake epoch (2010-11-04T01:42:54.657Z)."""

_B32_SORT = np.frombuffer(b"234567abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
_B32 = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz234567", dtype=np.uint8)
_B36 = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)

I64 = NDArray[np.int64]


def ascii_strings(chars: NDArray[np.uint8]) -> list[str]:
    """Turn an (n, width) array of ASCII codes into n Python strings."""
    strings: list[str] = arrow.fixed_width(chars).to_pylist()
    return strings


def decimal_chars(values: I64, width: int) -> NDArray[np.uint8]:
    """Non-negative ``values`` (below 10**width) as zero-padded decimal digits, one row each."""
    out = np.empty((len(values), width), dtype=np.uint8)
    v = values.astype(np.int64)
    for i in range(width - 1, -1, -1):
        out[:, i] = v % 10 + 48
        v = v // 10
    return out


def decimal_strings(values: I64) -> list[str]:
    """Integers as decimal strings."""
    strings: list[str] = arrow.decimals(values).to_pylist()
    return strings


def twitter_snowflakes(time_ms: I64, serial: I64) -> I64:
    """Snowflake ids: milliseconds since Twitter's epoch above 22 bits made unique by ``serial``."""
    return ((time_ms - TWITTER_EPOCH_MS) << 22) | (serial & 0x3FFFFF)


def mastodon_ids(time_ms: I64, serial: I64) -> I64:
    """Mastodon status ids: Unix milliseconds above 16 bits of sequence data."""
    return (time_ms << 16) | (serial & 0xFFFF)


def base32_sortable(values: I64, width: int = 13) -> list[str]:
    """atproto TIDs: a 64-bit integer in the sortable base32 alphabet, ``width`` characters."""
    v = values.astype(np.uint64)
    out = np.empty((len(v), width), dtype=np.uint8)
    for i in range(width - 1, -1, -1):
        out[:, i] = _B32_SORT[(v & np.uint64(31)).astype(np.int64)]
        v = v >> np.uint64(5)
    return ascii_strings(out)


def tids(time_us: I64, clock: I64) -> list[str]:
    """atproto record keys (TIDs) from microsecond times and a 10-bit clock id."""
    return base32_sortable((time_us << 10) | (clock & 0x3FF))


def random_base32_chars(
    rng: np.random.Generator, n: int, width: int, prefix: str = ""
) -> NDArray[np.uint8]:
    """``n`` random lower-case base32 strings of ``width`` characters after ``prefix``, as rows
    of ASCII codes (``arrow.fixed_width`` makes them strings)."""
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    chars = np.empty((n, len(head) + width), dtype=np.uint8)
    chars[:, : len(head)] = head
    chars[:, len(head) :] = _B32[rng.integers(0, 32, size=(n, width))]
    return chars


def base36_chars(values: I64, width: int) -> NDArray[np.uint8]:
    """Base36 digits of ``values``, zero-padded to ``width``, as an (n, width) array of ASCII codes."""
    v = values.astype(np.int64).copy()
    out = np.empty((len(v), width), dtype=np.uint8)
    for i in range(width - 1, -1, -1):
        out[:, i] = _B36[v % 36]
        v //= 36
    return out
