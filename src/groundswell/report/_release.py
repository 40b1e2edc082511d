"""Making a measure dict safe to publish: no texts, no post ids, small cells suppressed (METHODS §7)."""

from __future__ import annotations

import copy
from typing import Any

from groundswell.methods.privacy_release import suppress_small_cells

__all__ = ["HIDDEN", "LOW", "SECONDARY", "release"]

LOW, HIGH = 1, 10
HIDDEN = "<11"  # a count of 1-10 people or posts
SECONDARY = "suppressed"  # hidden so that a small cell cannot be derived from a published total
COUNT_KEYS = ("posts", "voices", "amplifiers")
PERSON_SERIES_KEYS = ("voices", "new_voices", "amplifiers", "new_amplifiers")
FILTERED_SERIES_KEYS = (*PERSON_SERIES_KEYS, "posts")
POLICY = (
    "Published counts follow METHODS §7. In the platform, language, variant and co-occurring "
    'hashtag tables every count of 1-10 is shown as "<11", and where one hidden cell could be '
    "worked out from the published total (totals are published) the next smallest cell of that "
    'column is hidden too ("suppressed"). Under a platform, language or variant filter the '
    "per-interval counts of people and posts are cells of a cross-table and get the same treatment. Post "
    "ids are removed from first uses, seed posts and cascades (an id leads to its author); "
    "authors appear only as pseudonyms, and post texts never appear unless asked for."
)


def _strip_texts(value: Any) -> Any:
    """Drop every ``text`` key, at any depth."""
    if isinstance(value, dict):
        return {k: _strip_texts(v) for k, v in value.items() if k != "text"}
    if isinstance(value, list):
        return [_strip_texts(v) for v in value]
    return value


def _suppress_columns(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Suppress small cells of each column of ``rows`` against its (published) column total."""
    for key in keys:
        present = [i for i, row in enumerate(rows) if isinstance(row.get(key), int)]
        if not present:
            continue
        table = suppress_small_cells([[rows[i][key]] for i in present], LOW, HIGH)
        primary = {r for r, _ in table.primary}
        secondary = {r for r, _ in table.secondary}
        for position, i in enumerate(present):
            if position in primary:
                rows[i][key] = HIDDEN
            elif position in secondary:
                rows[i][key] = SECONDARY


def _suppress_series(series: list[dict[str, Any]]) -> None:
    """Hide per-interval counts of people of 1-10, and cumulative counts that would reveal them.

    The difference of two shown cumulative values is the sum of the new voices between them, so
    no stretch between shown cumulative values (or the start, or the end's published total) may
    hold exactly one hidden new-voices cell.
    """
    _suppress_columns(series, FILTERED_SERIES_KEYS)
    hidden = [not isinstance(row.get("new_voices"), int) for row in series]
    shown = [not h for h in hidden]
    changed = True
    while changed:
        changed = False
        previous, count = -1, 0
        for t, is_hidden in enumerate(hidden):
            count += is_hidden
            if shown[t]:
                if count == 1:
                    shown[t], changed = False, True
                    continue
                previous, count = t, 0
        if count == 1 and previous >= 0:
            shown[previous], changed = False, True
    for row, visible in zip(series, shown, strict=True):
        if not visible and "cumulative_voices" in row:
            row["cumulative_voices"] = SECONDARY


def release(result: dict[str, Any], *, include_texts: bool = False) -> dict[str, Any]:
    """Return a copy of ``result`` fit to publish; ``result`` itself is left as it was."""
    data = copy.deepcopy(result) if include_texts else _strip_texts(result)
    for rows in (data.get("breakdown") or {}).values():
        if isinstance(rows, list):
            _suppress_columns(rows, COUNT_KEYS)
    filters = data.get("filters") or {}
    if any(filters.get(k) for k in ("platform", "lang", "variant")):
        _suppress_series(data.get("series") or [])
        _suppress_columns(
            [data["totals"]] if data.get("totals") else [],
            ("posts", "voices", "amplifiers", "both", "direct_posts"),
        )
    origin = data.get("origin") or {}
    for key in ("first_uses", "seed_posts"):
        for row in origin.get(key) or []:
            row.pop("id", None)
    cascades = (data.get("amplifiers") or {}).get("cascades") or []
    for rank, row in enumerate(cascades, 1):
        row["root"] = f"cascade {rank}"
    data.setdefault("release", {})["policy"] = POLICY
    return data
