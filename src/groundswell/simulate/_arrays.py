"""Array helpers: sort-based distinct int64 values, and object arrays of strings for gathering."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["Strs", "distinct", "distinct_inverse", "strs"]

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


def distinct_inverse(values: I64) -> tuple[I64, I64]:
    """Sorted distinct values and, per input, the index of its value among them."""
    order = np.argsort(values, kind="stable")
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
