"""Writing a movement's report: measure (with categories), estimate the magnitude, release, render."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from groundswell.jobs.measure_job import measure_stored_movement
from groundswell.store import Store

if TYPE_CHECKING:
    from groundswell.report import ReportFiles


def magnitude_section(
    store: Store,
    movement_ref: str,
    *,
    identity_links: Path | None = None,
    rates_file: Path | None = None,
    key_file: Path | None = None,
) -> dict[str, Any]:
    """The report's ``magnitude`` section: lower bound, ratio scenarios, capture–recapture."""
    from groundswell.estimate import estimate_magnitude
    from groundswell.movements import load_movement
    from groundswell.store.matching import store_pseudonyms

    result = estimate_magnitude(
        store,
        load_movement(movement_ref),
        identity_links=identity_links,
        rates_file=rates_file,
        pseudonyms=store_pseudonyms(store, key_file),
    )
    section: dict[str, Any] = result.to_json_dict()
    return section


def build_report(
    store: Store,
    movement_ref: str,
    out_dir: Path,
    *,
    identity_links: Path | None = None,
    rates_file: Path | None = None,
    key_file: Path | None = None,
    include_texts: bool = False,
    **measure_params: Any,
) -> tuple[ReportFiles, dict[str, Any]]:
    """Measure ``movement_ref`` in ``store`` and write its report into ``out_dir``.

    Returns the files written and the full (unreleased) result; the files hold only what is safe
    to publish (see ``groundswell.report.release``).
    """
    from groundswell.report import write_report

    result = measure_stored_movement(store, movement_ref, key_file=key_file, **measure_params)
    result["magnitude"] = magnitude_section(
        store, movement_ref, identity_links=identity_links, rates_file=rates_file, key_file=key_file
    )
    from groundswell.movements import load_movement

    events = [
        {"date": str(e.date), "label": e.label, "source": e.source}
        for e in load_movement(movement_ref).events
    ]
    files = write_report(result, out_dir, include_texts=include_texts, events=events)
    return files, result
