"""The one place the report and dashboard get a measure: `measures.measure_movement` as a dict."""

from __future__ import annotations

from typing import Any

from groundswell.errors import GroundswellError
from groundswell.measures import measure_movement
from groundswell.movements import load_movement
from groundswell.store import Store

__all__ = ["load_measure", "movement_events"]


def load_measure(store: Store, movement: str, **params: Any) -> dict[str, Any]:
    """Measure ``movement`` in ``store`` and return the `docs/measure-schema.md` dict.

    ``params`` go to `measure_movement` (``engine``, ``interval``, ``tz``, ``start``, ``end``,
    ``call_to_action``, ``follows``, ``title``). Filters by platform, language or variant come
    from the view the store was opened with (`open_view`), so the measure needs none.
    """
    if params.get("title") is None:
        try:
            params["title"] = load_movement(movement).title
        except GroundswellError:
            params.pop("title", None)  # matched from a definition file no longer at hand
    data: dict[str, Any] = measure_movement(store, movement, **params).to_json_dict()
    return data


def movement_events(movement: str) -> list[dict[str, str]]:
    """The key events of a movement's definition (``date``, ``label``, ``source``), or none."""
    try:
        definition = load_movement(movement)
    except GroundswellError:
        return []
    return [{"date": e.date, "label": e.label, "source": e.source} for e in definition.events]
