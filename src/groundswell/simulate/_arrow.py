"""Arrow arrays from NumPy buffers and string lists, never through ``pa.array``; lines joined.

``pa.array`` imports pandas on its first call (about a second) to check for pandas objects;
building arrays from their buffers skips that, and copies nothing for numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

__all__ = [
    "bools",
    "codes",
    "decimals",
    "fixed_width",
    "ints",
    "joined",
    "lengths",
    "strings",
    "timestamps_ms",
    "where",
]

_NUL = 0


def _numbers(kind: pa.DataType, values: NDArray[np.generic], dtype: type[np.generic]) -> pa.Array:
    data = np.ascontiguousarray(values, dtype=dtype)
    return pa.Array.from_buffers(kind, len(data), [None, pa.py_buffer(data)])


def ints(values: NDArray[np.integer]) -> pa.Array:
    """An int64 Arrow array of ``values``."""
    return _numbers(pa.int64(), values, np.int64)


def decimals(values: NDArray[np.integer]) -> pa.Array:
    """Integers as decimal strings."""
    return pc.cast(ints(values), pa.string())


def timestamps_ms(values: NDArray[np.int64]) -> pa.Array:
    """UTC timestamps (milliseconds) of Unix milliseconds."""
    return _numbers(pa.timestamp("ms", tz="UTC"), values, np.int64)


def bools(values: NDArray[np.bool_]) -> pa.Array:
    """A boolean Arrow array of ``values``."""
    bits = np.packbits(np.asarray(values, dtype=np.bool_), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def strings(values: Sequence[str] | NDArray[np.object_]) -> pa.Array:
    """A string Arrow array of ``values`` (strings without NUL characters)."""
    joined = np.frombuffer("\0".join(values).encode(), dtype=np.uint8)
    ends = np.flatnonzero(joined == _NUL)
    if len(ends) != max(len(values) - 1, 0):
        raise ValueError("strings: a value holds a NUL character")
    large = len(joined) >= 1 << 31
    offsets = np.empty(len(values) + 1, dtype=np.int64 if large else np.int32)
    offsets[0] = 0
    offsets[1:-1] = ends - np.arange(len(ends))
    offsets[-1] = len(joined) - len(ends)
    data = joined[joined != _NUL] if len(ends) else joined
    kind = pa.LargeStringArray if large else pa.StringArray
    return kind.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data))


def fixed_width(chars: NDArray[np.uint8]) -> pa.Array:
    """An (n, width) array of ASCII codes as n strings of ``width`` characters (the codes not
    copied when contiguous): a string array, or a large one past 2 GB."""
    n, width = chars.shape
    large = n * width >= 1 << 31
    offsets = np.arange(n + 1, dtype=np.int64 if large else np.int32) * width
    data = pa.py_buffer(np.ascontiguousarray(chars))
    kind = pa.LargeStringArray if large else pa.StringArray
    return kind.from_buffers(n, pa.py_buffer(offsets), data)


def joined(*pieces: pa.Array | str) -> pa.Array:
    """Per row, ``pieces`` one after another (string arrays of one length; a ``str`` is the same
    in every row)."""
    return pc.binary_join_element_wise(
        *(_scalar(p) if isinstance(p, str) else p for p in pieces), _scalar("")
    )


@functools.cache
def _scalar(text: str) -> pa.Scalar:
    """A string scalar made without ``pa.scalar`` (which imports pandas, as ``pa.array`` does)."""
    return strings([text])[0]


def where(keep: NDArray[np.bool_], values: pa.Array) -> pa.Array:
    """String ``values`` where ``keep``, elsewhere the empty string."""
    return pc.if_else(bools(keep), values, _scalar(""))


def lengths(values: pa.Array) -> NDArray[np.int64]:
    """The length in characters of each of the strings ``values`` (without ``to_numpy``, which
    imports pandas)."""
    counts = pc.utf8_length(values)
    kind = np.int32 if counts.type == pa.int32() else np.int64
    ends = np.frombuffer(counts.buffers()[1], dtype=kind)
    return ends[counts.offset : counts.offset + len(counts)].astype(np.int64)


def codes(values: NDArray[np.integer], names: Sequence[str]) -> pa.DictionaryArray:
    """Codes into ``names`` as a dictionary array (int8 indices)."""
    indices = _numbers(pa.int8(), values, np.int8)
    return pa.DictionaryArray.from_arrays(indices, strings(list(names)))
