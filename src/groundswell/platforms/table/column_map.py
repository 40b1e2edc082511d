"""The column map of a tabular import: which column holds each post field, and how to read it."""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from groundswell.errors import ColumnMapError
from groundswell.platforms.table.timestamps import resolve_timezone

__all__ = ["FIELDS", "OPTIONS", "OPTION_NAMES", "REQUIRED", "ColumnMap", "parse_map_options"]

FIELDS = (
    "id",
    "text",
    "created_at",
    "author",
    "author_handle",
    "lang",
    "kind",
    "reply_to_id",
    "quoted_id",
    "reposted_id",
    "conversation_id",
    "hashtags",
    "mentions",
    "links",
    "likes",
    "reposts",
    "replies",
    "quotes",
    "is_repost",
)
"""Post fields a column can be mapped to (``--map FIELD=COLUMN``)."""

REQUIRED = ("text", "created_at")
"""Fields every column map must give."""

OPTIONS = ("platform", "delimiter", "encoding", "timezone", "timestamp_format", "dayfirst")
"""Reading options that can be given like fields (``--map timezone=Europe/Berlin``)."""
OPTION_NAMES = OPTIONS

_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off", ""}


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class ColumnMap:
    """Which column of a table holds each post field, and how to read the values.

    Attributes:
        columns: (field, column) pairs, sorted by field; fields from ``FIELDS``.
        platform: the ``Post.platform`` of every row (default ``csv``).
        delimiter: the field delimiter; None to sniff it.
        encoding: the text encoding; None to sniff it.
        timezone: IANA zone (or ``UTC``, ``+05:30``) of timestamps written without an offset.
        timestamp_format: a ``strptime`` pattern, ``unix`` or ``unix_ms``; None to recognise
            common formats.
        dayfirst: read ``01/02/2019`` as 1 February (default: 2 January).
        source: where the map came from (``--map`` or the sidecar's path), for messages.
    """

    columns: tuple[tuple[str, str], ...] = ()
    platform: str = "csv"
    delimiter: str | None = None
    encoding: str | None = None
    timezone: str = "UTC"
    timestamp_format: str | None = None
    dayfirst: bool = False
    source: str = field(default="--map", compare=False)

    def __post_init__(self) -> None:
        for name, column in self.columns:
            if name not in FIELDS:
                raise ColumnMapError(
                    f"{self.source}: unknown field {name!r}{_suggest(name, FIELDS)}; "
                    f"fields are: {', '.join(FIELDS)}"
                )
            if not column:
                raise ColumnMapError(f"{self.source}: field {name!r} maps to an empty column name")
        object.__setattr__(self, "columns", tuple(sorted(dict(self.columns).items())))
        if self.delimiter is not None:
            delimiter = _DELIMITER_NAMES.get(self.delimiter.lower(), self.delimiter)
            if len(delimiter) != 1:
                raise ColumnMapError(
                    f"{self.source}: delimiter must be one character (or tab), not "
                    f"{self.delimiter!r}"
                )
            object.__setattr__(self, "delimiter", delimiter)
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ColumnMapError(
                    f"{self.source}: unknown encoding {self.encoding!r}; try utf-8 or cp1252"
                ) from None
        resolve_timezone(self.timezone, self.source)

    @classmethod
    def from_values(cls, values: Mapping[str, Any], source: str = "--map") -> ColumnMap:
        """Build a map from ``{field or option: value}`` (what ``--map`` and a sidecar give)."""
        columns = [(k, str(v)) for k, v in values.items() if k not in OPTIONS]
        options: dict[str, Any] = {k: v for k, v in values.items() if k in OPTIONS}
        if "dayfirst" in options:
            options["dayfirst"] = _boolean(options["dayfirst"], source)
        for key in ("platform", "delimiter", "encoding", "timezone", "timestamp_format"):
            if key in options and not isinstance(options[key], str):
                raise ColumnMapError(f"{source}: {key} must be a string, not {options[key]!r}")
        return cls(columns=tuple(columns), source=source, **options)

    @classmethod
    def from_context(cls, column_map: Mapping[str, str], options: Mapping[str, str]) -> ColumnMap:
        """Rebuild the map that ``to_context`` turned into a ``ParseContext``'s two mappings."""
        return cls.from_values({**options, **column_map}, source="column map")

    def to_context(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return (column_map, options) for ``ParseContext``."""
        options = {"platform": self.platform, "timezone": self.timezone}
        if self.delimiter is not None:
            options["delimiter"] = self.delimiter
        if self.encoding is not None:
            options["encoding"] = self.encoding
        if self.timestamp_format is not None:
            options["timestamp_format"] = self.timestamp_format
        if self.dayfirst:
            options["dayfirst"] = "true"
        return dict(self.columns), options

    def column(self, name: str) -> str | None:
        """The column mapped to field ``name``, or None."""
        return dict(self.columns).get(name)

    def merged(self, override: ColumnMap) -> ColumnMap:
        """This map with every column and non-default option of ``override`` taking precedence."""
        changes: dict[str, Any] = {
            "columns": tuple({**dict(self.columns), **dict(override.columns)}.items())
        }
        defaults = ColumnMap()
        for name in OPTIONS:
            if getattr(override, name) != getattr(defaults, name):
                changes[name] = getattr(override, name)
        return replace(self, **changes)

    def validate(self, columns: Sequence[str], file: str) -> None:
        """Raise ``ColumnMapError`` unless the required fields are mapped to columns of ``file``.

        The message names the file, what is missing, the columns the file has, and the fix.
        """
        available = ", ".join(repr(c) for c in columns) or "(none)"
        unmapped = [name for name in REQUIRED if self.column(name) is None]
        if unmapped:
            fix = " ".join(f"--map {name}=COLUMN" for name in unmapped)
            raise ColumnMapError(
                f"{file}: the column map gives no column for {', '.join(unmapped)}. "
                f"Columns in the file: {available}. Fix: add {fix}, or write them in "
                f"{file}.groundswell.toml under [columns]"
            )
        for name, column in self.columns:
            if column not in columns:
                raise ColumnMapError(
                    f"{file}: column {column!r} (mapped to {name}) is not in the file"
                    f"{_suggest(column, columns)}. Columns in the file: {available}. "
                    f"Fix: --map {name}=COLUMN with one of these columns"
                )


def _boolean(value: Any, source: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ColumnMapError(f"{source}: dayfirst must be true or false, not {value!r}")


def parse_map_options(options: Sequence[str], source: str = "--map") -> ColumnMap:
    """Build a ``ColumnMap`` from ``--map FIELD=COLUMN`` strings (options too: ``timezone=UTC``)."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, column = option.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ColumnMapError(
                f"{source} {option!r}: write FIELD=COLUMN, e.g. --map text=tweet_full"
            )
        if name not in FIELDS and name not in OPTIONS:
            raise ColumnMapError(
                f"{source} {option!r}: unknown field {name!r}{_suggest(name, FIELDS + OPTIONS)}; "
                f"fields are: {', '.join(FIELDS)}; options are: {', '.join(OPTIONS)}"
            )
        if name in values:
            raise ColumnMapError(f"{source}: {name!r} is given twice")
        values[name] = column if name == "delimiter" else column.strip()
    return ColumnMap.from_values(values, source)
