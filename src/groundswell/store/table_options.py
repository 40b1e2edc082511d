"""Column maps and reader settings for tables, from ``--map`` options and sidecar files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from groundswell.errors import ColumnMapError
from groundswell.sources.files import InputFile

READER_OPTIONS = ("delimiter", "encoding")


@dataclass(frozen=True)
class TableSettings:
    """What the table reader and importer need for one file.

    Attributes:
        columns: canonical field -> column name.
        options: importer options (platform, timezone, timestamp_format, ...).
        delimiter: forced delimiter, or None to sniff.
        encoding: forced encoding, or None to sniff.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None


def parse_map(pairs: Sequence[str]) -> dict[str, str]:
    """Parse ``FIELD=COLUMN`` strings."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ColumnMapError(
                f"--map {pair!r}: write FIELD=COLUMN, for example --map text=tweet"
            )
        result[name.strip()] = value.strip()
    return result


def table_settings(input_file: InputFile, pairs: Sequence[str]) -> TableSettings:
    """Combine the sidecar beside ``input_file`` (if any) with ``--map`` options (which win)."""
    from groundswell.platforms.table.sidecar import load_sidecar_for

    merged: dict[str, str] = dict(load_sidecar_for(input_file.path, input_file.inner_name))
    merged.update(parse_map(pairs))
    from groundswell.platforms.table.column_map import OPTION_NAMES

    options = {k: v for k, v in merged.items() if k in OPTION_NAMES and k not in READER_OPTIONS}
    columns = {k: v for k, v in merged.items() if k not in OPTION_NAMES}
    return TableSettings(columns, options, merged.get("delimiter"), merged.get("encoding"))
