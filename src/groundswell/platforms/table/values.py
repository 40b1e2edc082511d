"""Cell readers for tabular imports: ids (and Excel's mangled ones), lists, flags, counts."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from typing import Any

from groundswell.errors import RecordError

__all__ = ["NULL_TOKENS", "flatten", "is_null", "read_count", "read_flag", "read_id", "read_list"]

NULL_TOKENS = frozenset({"", "nan", "NaN", "NAN", "None", "none", "null", "NULL", "NA", "N/A"})
"""Cells read as missing in every field except ``text`` (pandas writes NaN as ``nan``)."""

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_SEPARATORS = re.compile(r"[\s,;|]+")
_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "0.0"})
_EXACT_FLOAT = 2**53


class UnusableId(ValueError):
    """An id that cannot be trusted: Excel turned it into a rounded number (``1.23457E+18``)."""


def is_null(value: Any) -> bool:
    """True for None and for the text cells in ``NULL_TOKENS``."""
    return value is None or (isinstance(value, str) and value.strip() in NULL_TOKENS)


def read_id(value: Any) -> str | None:
    """Return an id cell as text, None when missing; raise ``UnusableId`` when it was rounded.

    Excel shows long numbers in scientific notation (``1.23457E+18``) and keeps only 15 digits;
    a CSV saved from it holds that rounded text. Such ids, and floats too large to be exact, are
    not trusted. ``123.0`` (pandas' float ids) becomes ``123`` when exact.
    """
    if is_null(value):
        return None
    if isinstance(value, bool):
        raise RecordError(f"id {value!r} is a boolean")
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= _EXACT_FLOAT:
            raise UnusableId(repr(value))
        return str(int(value))
    text = str(value).strip()
    if _SCIENTIFIC.match(text):
        raise UnusableId(text)
    whole = _WHOLE_FLOAT.match(text)
    if whole:
        if int(whole.group(1)) >= _EXACT_FLOAT:
            raise UnusableId(text)
        return whole.group(1)
    return text


def _literal_list(text: str) -> list[Any] | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
    return list(parsed) if isinstance(parsed, list | tuple) else None


def _item_text(item: Any) -> str:
    if isinstance(item, Mapping):  # Twitter entities: {"text": "MeToo", "indices": [...]}
        for key in ("text", "tag", "screen_name", "username", "expanded_url", "url", "name"):
            if isinstance(item.get(key), str):
                return str(item[key])
        return ""
    return "" if item is None else str(item)


def read_list(value: Any, strip: str = "#@") -> tuple[str, ...]:
    """Read a list cell: a JSON or Python list, ``'a', 'b'`` / ``'a' 'b'``, or ``#a #b`` / ``a,b``.

    Leading ``strip`` characters (``#``, ``@``) are removed; empty items are dropped.
    """
    if is_null(value):
        return ()
    if isinstance(value, list | tuple):
        items = [_item_text(v) for v in value]
    else:
        text = str(value).strip()
        parsed = _literal_list(text) if text[:1] in "[(" else None
        if parsed is not None:
            items = [_item_text(v) for v in parsed]
        elif text[:1] in "'\"":
            items = [a or b for a, b in _QUOTED.findall(text)]
        else:
            items = _SEPARATORS.split(text)
    cleaned = (item.strip().lstrip(strip).strip() for item in items)
    return tuple(item for item in cleaned if item)


def read_flag(value: Any, name: str) -> bool:
    """Read a yes/no cell (``True``, ``1``, ``yes``, ``t`` …); missing is False."""
    if is_null(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RecordError(f"{name} {value!r} is not a yes/no value (true/false, 1/0, yes/no)")


def read_count(value: Any) -> int | None:
    """Read a count; None when missing or not a whole number (never 0 for missing)."""
    if is_null(value) or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(",", "").replace("_", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 0 else None


def flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested objects with dotted keys: ``{"user": {"screen_name": x}}`` gives
    ``{"user.screen_name": x}``. Lists are kept as values."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            flat.update(flatten(item, name + "."))
        else:
            flat[name] = item
    return flat
