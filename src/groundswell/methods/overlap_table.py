"""Read a researcher's list-overlap table (CSV of capture patterns and counts) and fit the models."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundswell.errors import EstimationError
from groundswell.methods.capture_recapture import (
    ModelEstimate,
    assumption_warnings,
    fit_models,
)
from groundswell.methods.loglinear import capture_patterns

__all__ = ["OverlapTable", "OverlapTableResult", "estimate_overlap_table", "read_overlap_table"]

_EXAMPLE = "header 'twitter,mastodon,reddit,count' then rows like '1,0,1,42'"


@dataclass(frozen=True)
class OverlapTable:
    """Pattern counts in histpos order (all lists first, the last list alone last) and list names."""

    path: str
    names: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def observed(self) -> int:
        """People seen on at least one list."""
        return sum(self.counts)


@dataclass(frozen=True)
class OverlapTableResult:
    """Every model fitted to one overlap table, with warnings about the assumptions."""

    table: OverlapTable
    models: tuple[ModelEstimate, ...]
    assumption_warnings: tuple[str, ...]

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"lists", "observed", "models": [...], "assumption_warnings"}``."""
        return {
            "lists": list(self.table.names),
            "observed": self.table.observed,
            "models": [_model_dict(model) for model in self.models],
            "assumption_warnings": list(self.assumption_warnings),
        }


def _model_dict(model: ModelEstimate) -> dict[str, Any]:
    """One model as JSON values (an open upper bound is ``null``)."""
    return {
        "spec": model.spec,
        "terms": list(model.terms),
        "N": model.N,
        "se": model.se,
        "ci": [model.ci[0], model.ci[1]],
        "deviance": model.deviance,
        "df": model.df,
        "aic": model.aic,
        "bic": model.bic,
        "assumptions": list(model.assumptions),
    }


def read_overlap_table(path: str | Path) -> OverlapTable:
    """Read a CSV with one 0/1 column per list and a ``count`` column, one row per pattern.

    Patterns that are absent count 0. Raises ``EstimationError`` naming the file, line and fix.
    """
    where = str(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise EstimationError(
            f"{where}: cannot read the overlap table ({error.strerror}); check the path"
        ) from error
    if not rows:
        raise EstimationError(f"{where}: the file is empty; expected {_EXAMPLE}")
    header = [cell.strip() for cell in rows[0]]
    if "count" not in header:
        raise EstimationError(
            f"{where}, line 1: no 'count' column in header {header}; expected {_EXAMPLE}"
        )
    names = tuple(name for name in header if name != "count")
    if len(names) < 2:
        raise EstimationError(
            f"{where}, line 1: need at least 2 list columns besides 'count'; expected {_EXAMPLE}"
        )
    if len(set(names)) != len(names) or any(not name for name in names):
        raise EstimationError(
            f"{where}, line 1: list column names must be distinct and non-empty, got {list(names)}"
        )
    count_at = header.index("count")
    list_at = [header.index(name) for name in names]
    seen: dict[tuple[int, ...], int] = {}
    totals: dict[tuple[int, ...], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise EstimationError(
                f"{where}, line {line}: {len(row)} fields but the header has {len(header)}; fix the row"
            )
        pattern = tuple(_indicator(row[k], where, line, header[k]) for k in list_at)
        count = _count(row[count_at], where, line)
        if pattern in seen:
            raise EstimationError(
                f"{where}, line {line}: pattern {pattern} already given on line {seen[pattern]}; "
                "merge the two rows into one count"
            )
        seen[pattern] = line
        if not any(pattern):
            if count:
                raise EstimationError(
                    f"{where}, line {line}: the all-zero pattern (on no list) cannot be observed; remove the row"
                )
            continue
        totals[pattern] = count
    order = [tuple(int(value) for value in row) for row in capture_patterns(len(names))]
    counts = tuple(totals.get(pattern, 0) for pattern in order)
    if sum(counts) == 0:
        raise EstimationError(f"{where}: every count is 0; there is nobody to estimate from")
    return OverlapTable(where, names, counts)


def _indicator(cell: str, where: str, line: int, column: str) -> int:
    """Parse a 0/1 list indicator."""
    value = cell.strip()
    if value not in ("0", "1"):
        raise EstimationError(
            f"{where}, line {line}, column {column!r}: {value!r} is not 0 or 1; write 1 if the people are on that list, else 0"
        )
    return int(value)


def _count(cell: str, where: str, line: int) -> int:
    """Parse a non-negative whole count."""
    value = cell.strip()
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise EstimationError(
            f"{where}, line {line}, column 'count': {value!r} is not a whole number >= 0; fix the count"
        )
    return int(number)


def estimate_overlap_table(
    path: str | Path, specs: Sequence[str] | None = None, alpha: float = 0.05
) -> OverlapTableResult:
    """Read an overlap table and fit every plausible model (or ``specs``) to it."""
    table = read_overlap_table(path)
    models = fit_models(table.counts, table.names, specs, alpha)
    return OverlapTableResult(table, models, assumption_warnings(models))
