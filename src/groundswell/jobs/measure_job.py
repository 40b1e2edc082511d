"""Measuring a stored movement: load its definition, match if needed, measure, return the JSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from groundswell.errors import InputError
from groundswell.movements import load_movement
from groundswell.store import Store
from groundswell.store.matching import call_to_action_ids, ensure_matches, store_pseudonyms


def parse_when(value: str | None, flag: str) -> datetime | None:
    """Parse a ``--from``/``--to`` value (a date or an ISO time); None stays None."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{flag} {value!r}: write a date or time such as 2017-10-15 or 2017-10-15T12:00"
        ) from None


def measure_stored_movement(
    store: Store,
    movement_ref: str,
    *,
    engine: str = "duckdb",
    interval: str = "day",
    tz: str = "UTC",
    start: str | None = None,
    end: str | None = None,
    follows: Path | None = None,
    spark_master: str = "local[2]",
    key_file: Path | None = None,
) -> dict[str, Any]:
    """Match ``movement_ref`` (a preset name or a definition file) if needed, measure it, and
    return the result as the documented JSON dict (docs/measure-schema.md)."""
    from groundswell.measures import measure_movement

    movement = load_movement(movement_ref)
    ensure_matches(store, movement, key_file=key_file)
    calls = call_to_action_ids(movement, store_pseudonyms(store, key_file))
    result = measure_movement(
        store,
        movement.name,
        engine=engine,
        interval=interval,
        tz=tz,
        start=parse_when(start, "--from"),
        end=parse_when(end, "--to"),
        call_to_action=calls,
        follows=follows,
        title=movement.title,
        spark_master=spark_master,
    )
    data = result.to_json_dict()
    from groundswell.categorize import categories_section  # the classification issue

    if (categories := categories_section(store, movement.name)) is not None:
        data["categories"] = categories
    return data
