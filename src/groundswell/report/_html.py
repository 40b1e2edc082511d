"""Rendering the report page: one Jinja2 template with autoescape, charts inlined as base64 PNG."""

from __future__ import annotations

import base64
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup, escape

from groundswell.report._charts import Figure
from groundswell.report._release import POLICY

__all__ = ["render_html"]

HEADLINE = [
    ("voices", "Voices"),
    ("new_voices", "New voices"),
    ("amplifiers", "Amplifiers"),
    ("posts", "Posts"),
]
SERIES_COLUMNS = [
    "start",
    "posts",
    "voices",
    "new_voices",
    "cumulative_voices",
    "amplifiers",
    "new_amplifiers",
    "all_posts",
    "share",
]
INTERVAL_WORDS = ("interval", "ci", "lower", "upper", "low", "high", "se", "standard_error")
ESTIMATE_WORDS = ("estimate", "value", "point", "mean")


def count_text(value: Any) -> str:
    """A value as the page shows it: thousands separated, missing as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def _lacks_interval(value: dict[str, Any]) -> bool:
    keys = [k.lower() for k in value]
    has_estimate = any(any(w in k for w in ESTIMATE_WORDS) for k in keys)
    has_interval = any(
        any(
            k == w or k.startswith(w + "_") or k.endswith("_" + w) or w in k.split("_")
            for w in INTERVAL_WORDS
        )
        for k in keys
    )
    return has_estimate and not has_interval


def nested(value: Any, depth: int = 0) -> Markup:
    """Render any JSON value as escaped HTML: dicts as definition lists, lists of dicts as tables."""
    if isinstance(value, dict):
        parts = [Markup("<dl>")]
        if _lacks_interval(value):
            parts.append(
                Markup(
                    '<p class="caveat">No interval given for this estimate: read it '
                    "as indicative only.</p>"
                )
            )
        for key, item in value.items():
            parts.append(Markup("<dt>{}</dt><dd>{}</dd>").format(key, nested(item, depth + 1)))
        parts.append(Markup("</dl>"))
        return Markup("").join(parts)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns: list[str] = []
        for row in value:
            columns += [k for k in row if k not in columns]
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(c) for c in columns)
        body = Markup("").join(
            Markup("<tr>{}</tr>").format(
                Markup("").join(
                    Markup("<td>{}</td>").format(nested(row.get(c), depth + 1)) for c in columns
                )
            )
            for row in value
        )
        return Markup("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(
            head, body
        )
    if isinstance(value, list):
        return Markup(", ").join(nested(v, depth + 1) for v in value)
    return escape(count_text(value))


def _new_voices(series: list[dict[str, Any]]) -> int | str | None:
    """New voices in the window: the sum over intervals, or a bound when cells are hidden."""
    cells = [row.get("new_voices") for row in series]
    if not cells:
        return None
    shown = sum(c for c in cells if isinstance(c, int))
    if all(isinstance(c, int) for c in cells):
        return shown
    return f"≥ {shown:,} (small cells hidden)"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["count_text"] = count_text
    env.filters["nested"] = nested
    return env


def render_html(
    result: dict[str, Any],
    figures: list[Figure],
    events: list[dict[str, str]],
    *,
    include_texts: bool = False,
) -> str:
    """The self-contained report page for a released measure dict."""
    source = files("groundswell.report").joinpath("templates/report.html").read_text("utf-8")
    template = _environment().from_string(source)
    movement = result.get("movement") or {}
    seed_columns = ["platform", "author", "created_at", "new_voices_brought", "reason"]
    if include_texts:
        seed_columns.append("text")
    return template.render(
        title=movement.get("title") or movement.get("name") or "movement",
        movement=movement,
        window=result.get("window") or {},
        engine=result.get("engine"),
        units=result.get("units") or {},
        totals={
            **(result.get("totals") or {}),
            "new_voices": _new_voices(result.get("series") or []),
        },
        headline=HEADLINE,
        caveats=result.get("caveats") or [],
        series=result.get("series") or [],
        series_columns=SERIES_COLUMNS,
        bursts={k: v for k, v in (result.get("bursts") or {}).items() if v},
        events=events,
        origin=result.get("origin") or {},
        seed_columns=seed_columns,
        amplifiers=result.get("amplifiers") or {},
        breakdown=result.get("breakdown") or {},
        extra={k: result.get(k) for k in ("magnitude", "categories")},
        figures={
            f.name: {
                "title": f.title,
                "alt": f.alt,
                "width": 760,
                "b64": base64.b64encode(f.png).decode("ascii"),
            }
            for f in figures
        },
        policy=(result.get("release") or {}).get("policy", POLICY),
    )
