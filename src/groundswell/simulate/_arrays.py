"""Array helpers: fast stable orders and distinct values of int64s, object arrays of strings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["Strs", "distinct", "distinct_inverse", "stable_order", "strs"]

I64 = NDArray[np.int64]
Strs = NDArray[np.object_]
"""A 1-d object array of ``str``: indexing it with an int array gathers strings at C speed."""


def strs(values: Sequence[str]) -> Strs:
    """``values`` as a 1-d object array (never a 2-d one, whatever the strings are)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def distinct(values: I64) -> I64:
    """The sorted distinct values of an int64 array (NumPy 2's hash-based ``np.unique`` is slow)."""
    s = np.sort(values)
    if len(s) == 0:
        return s
    keep = np.empty(len(s), dtype=np.bool_)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    out: I64 = s[keep]
    return out


def stable_order(values: I64) -> I64:
    """``np.argsort(values, kind="stable")`` of an int64 array, most often much faster.

    Where the values' range leaves room, each value is packed above its index and the packed
    keys are sorted by value (NumPy's SIMD sort), which orders equal values by index as a stable
    sort does; the indices are then the low bits. Elsewhere it is a stable argsort.
    """
    n = len(values)
    bits = max(1, (n - 1).bit_length())
    if n == 0 or int(values.max()) - int(values.min()) >= 1 << (63 - bits):
        stable: I64 = np.argsort(values, kind="stable")
        return stable
    packed = (values.astype(np.int64) - int(values.min())) << bits
    packed |= np.arange(n, dtype=np.int64)
    packed.sort()
    packed &= (1 << bits) - 1
    return packed


def distinct_inverse(values: I64) -> tuple[I64, I64]:
    """Sorted distinct values and, per input, the index of its value among them."""
    order = stable_order(values)
    s = values[order]
    if len(s) == 0:
        return s, np.zeros(0, dtype=np.int64)
    new = np.empty(len(s), dtype=np.bool_)
    new[0] = True
    np.not_equal(s[1:], s[:-1], out=new[1:])
    group = np.cumsum(new) - 1
    inverse = np.empty(len(s), dtype=np.int64)
    inverse[order] = group
    uniq: I64 = s[new]
    return uniq, inverse
