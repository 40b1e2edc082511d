"""Sidecar column maps: ``<file>.groundswell.toml`` beside a table, found, read and written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from groundswell.errors import ColumnMapError
from groundswell.platforms.table.column_map import FIELDS, OPTIONS, ColumnMap

__all__ = [
    "SIDECAR_SUFFIX",
    "find_sidecar",
    "load_sidecar",
    "load_sidecar_for",
    "save_sidecar",
    "sidecar_path",
]

SIDECAR_SUFFIX = ".groundswell.toml"
_COMPRESSION = (".gz", ".bz2", ".zst", ".xz", ".zip")


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of ``path`` is written: ``<file name>.groundswell.toml`` beside it."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def find_sidecar(path: Path) -> Path | None:
    """Return the sidecar beside ``path``, or None.

    ``data.csv.gz`` looks for ``data.csv.gz.groundswell.toml``, then ``data.csv.groundswell.toml``.
    A directory ingest calls this once per file, so each file may carry its own map.
    """
    candidates = [sidecar_path(path)]
    if path.suffix.lower() in _COMPRESSION:
        candidates.append(sidecar_path(path.with_suffix("")))
    return next((c for c in candidates if c.is_file()), None)


def load_sidecar(path: Path) -> ColumnMap:
    """Read a sidecar file into a ``ColumnMap``; ``ColumnMapError`` says what is wrong in it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ColumnMapError(f"{path}: cannot read the column map: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ColumnMapError(f"{path}: not valid TOML: {exc}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "columns":
            if not isinstance(value, dict):
                raise ColumnMapError(f'{path}: [columns] must be a table of FIELD = "column"')
            for name, column in value.items():
                if name in OPTIONS:
                    raise ColumnMapError(f"{path}: {name} is an option; put it above [columns]")
                if not isinstance(column, str):
                    raise ColumnMapError(f"{path}: columns.{name} must be a string")
                values[name] = column
        elif key in OPTIONS:
            values[key] = value
        else:
            hint = " (fields go under [columns])" if key in FIELDS else ""
            raise ColumnMapError(
                f"{path}: unknown key {key!r}{hint}; keys are {', '.join(OPTIONS)} and [columns]"
            )
    return ColumnMap.from_values(values, source=str(path))


def load_sidecar_for(path: Path, inner_name: str | None = None) -> dict[str, str]:
    """The sidecar settings of input ``path`` as flat ``{field or option: value}`` strings.

    Only what the sidecar states is returned ({} without a sidecar), so ``--map`` values can be
    laid over it. ``inner_name`` (the name without compression suffixes, or an archive member's
    name) is also looked up beside ``path``.
    """
    found = find_sidecar(path)
    if found is None and inner_name:
        candidate = sidecar_path(path.with_name(Path(inner_name).name))
        found = candidate if candidate.is_file() else None
    if found is None:
        return {}
    column_map = load_sidecar(found)
    flat = dict(column_map.columns)
    defaults = ColumnMap()
    for name in OPTIONS:
        value = getattr(column_map, name)
        if value != getattr(defaults, name):
            flat[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return flat


def _toml_string(value: str) -> str:
    # JSON string escapes (\", \\, \n, \t, \uXXXX) are all valid in a TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def save_sidecar(path: Path, column_map: ColumnMap) -> Path:
    """Write ``column_map`` as the sidecar of table ``path`` and return the sidecar's path."""
    lines = ["# groundswell column map: which column holds each post field", ""]
    lines.append(f"platform = {_toml_string(column_map.platform)}")
    for name in ("delimiter", "encoding", "timezone", "timestamp_format"):
        value = getattr(column_map, name)
        if value is not None:
            lines.append(f"{name} = {_toml_string(value)}")
    if column_map.dayfirst:
        lines.append("dayfirst = true")
    lines += ["", "[columns]"]
    lines += [f"{name} = {_toml_string(column)}" for name, column in column_map.columns]
    target = sidecar_path(path)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
