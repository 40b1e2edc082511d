"""Writing a report folder: index.html, report.json and one PNG per chart."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundswell.report._charts import build_figures
from groundswell.report._html import render_html
from groundswell.report._measure import movement_events
from groundswell.report._release import release

__all__ = ["ReportFiles", "write_report"]


@dataclass(frozen=True)
class ReportFiles:
    """The files a report wrote.

    Attributes:
        html: the self-contained page (charts inlined, no external resources).
        json: the released measure dict (`docs/measure-schema.md`, small cells suppressed).
        charts: one PNG per chart, also inlined in the page.
    """

    html: Path
    json: Path
    charts: tuple[Path, ...] = field(default=())


def write_report(
    result: dict[str, Any],
    out_dir: Path,
    *,
    include_texts: bool = False,
    events: list[dict[str, str]] | None = None,
) -> ReportFiles:
    """Release ``result`` for publication and write the report into ``out_dir`` (created).

    ``events`` are the key events to annotate; by default those of the movement's definition.
    Post texts appear only with ``include_texts``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    released = release(result, include_texts=include_texts)
    if events is None:
        events = movement_events(str((result.get("movement") or {}).get("name", "")))
    figures = build_figures(released, events)
    charts = []
    for figure in figures:
        path = out_dir / f"{figure.name}.png"
        path.write_bytes(figure.png)
        charts.append(path)
    json_path = out_dir / "report.json"
    json_path.write_text(
        json.dumps(released, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    html_path = out_dir / "index.html"
    html_path.write_text(
        render_html(released, figures, events, include_texts=include_texts), encoding="utf-8"
    )
    return ReportFiles(html_path, json_path, tuple(charts))
