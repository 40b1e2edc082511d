"""Labelled posts on disk: read and write label CSVs (`text,label[,id,platform]`) with errors that say how to fix them."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from groundswell.errors import InputError

__all__ = ["LabelledText", "read_labels", "text_sha256", "write_labels"]

_REQUIRED = ("text", "label")
_OPTIONAL = ("id", "platform")


@dataclass(frozen=True)
class LabelledText:
    """One labelled post."""

    text: str
    """The post text as it was labelled."""
    label: str
    """The category a person gave it (for example `disclosure`)."""
    id: str | None = None
    """The post id, when known."""
    platform: str | None = None
    """The platform name (`twitter`, `mastodon`, ...), when known."""
    line: int | None = None
    """The line of the CSV file the label was read from (1 = header), for error messages."""


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a text's UTF-8 bytes: lets a label refer to a text without copying it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_labels(path: str | Path, labels: Iterable[str] | None = None) -> list[LabelledText]:
    """Read a labels CSV; with `labels`, every label must be one of them.

    The file is UTF-8 CSV with a header naming at least `text` and `label`; `id` and `platform`
    are optional, other columns are ignored. Blank rows are skipped.
    """
    path = Path(path)
    allowed = set(labels) if labels is not None else None
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise InputError(
            f"{path}: cannot open labels file ({error.strerror}); check the path"
        ) from error
    rows: list[LabelledText] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise InputError(
                f"{path}: the file is empty; write a header line `text,label`"
            ) from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(
                f"{path}, line 1: cannot read the header ({error}); save as UTF-8 CSV"
            ) from error
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise InputError(
                f"{path}, line 1: missing column(s) {', '.join(missing)} (found {', '.join(header) or 'none'}); "
                "the header must name `text` and `label`"
            )
        col = {name: header.index(name) for name in (*_REQUIRED, *_OPTIONAL) if name in header}
        try:
            for record in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) < len(header):
                    raise InputError(
                        f"{path}, line {line}: {len(record)} fields but the header has {len(header)}; "
                        "quote texts that contain commas or line breaks"
                    )
                text, label = record[col["text"]], record[col["label"]].strip()
                if not label:
                    raise InputError(
                        f"{path}, line {line}: empty label; give every row a label or delete it"
                    )
                if allowed is not None and label not in allowed:
                    raise InputError(
                        f"{path}, line {line}: unknown label {label!r}; use one of {', '.join(sorted(allowed))}"
                    )
                rows.append(
                    LabelledText(
                        text=text,
                        label=label,
                        id=(record[col["id"]].strip() or None) if "id" in col else None,
                        platform=(record[col["platform"]].strip() or None)
                        if "platform" in col
                        else None,
                        line=line,
                    )
                )
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(
                f"{path}, line {reader.line_num}: cannot read the row ({error}); save the file as UTF-8 CSV"
            ) from error
    if not rows:
        raise InputError(f"{path}: no labelled rows after the header; add rows `text,label`")
    return rows


def write_labels(path: str | Path, rows: Iterable[LabelledText]) -> None:
    """Write labels as CSV with columns text,label and, when any row has them, id and platform."""
    items = list(rows)
    columns = list(_REQUIRED)
    columns += [c for c in _OPTIONAL if any(getattr(r, c) is not None for r in items)]
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in items:
            writer.writerow(["" if getattr(row, c) is None else getattr(row, c) for c in columns])
