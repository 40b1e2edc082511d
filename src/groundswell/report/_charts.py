"""The report's charts: Altair specs in the Okabe-Ito palette, rendered to PNG offline by vl-convert."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert

__all__ = ["OKABE_ITO", "Figure", "build_figures", "number"]

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, HEIGHT = 720, 260


@dataclass(frozen=True)
class Figure:
    """One chart: a file name, a title, a text alternative and its PNG bytes."""

    name: str
    title: str
    alt: str
    png: bytes


def number(value: Any) -> float | None:
    """A plottable number, or None for missing and suppressed ("<11") values."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _data(values: list[dict[str, Any]]) -> Any:
    """Inline chart data, as a plain dict: Altair's schema objects validate every row, which took
    most of a report's time on a few thousand days."""
    return {"values": values}


def _utc_x(field: str, title: str) -> alt.X:
    return alt.X(
        f"{field}:T",
        title=title,
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%Y-%m-%d", labelAngle=-30),
    )


def _timeline_overlays(result: dict[str, Any], events: list[dict[str, str]]) -> list[alt.Chart]:
    """Shaded bursts and annotated key events, to layer under a timeline."""
    layers: list[alt.Chart] = []
    bursts = (result.get("bursts") or {}).get("two_state") or []
    if not bursts:
        bursts = (result.get("bursts") or {}).get("infinite_state") or []
    if bursts:
        data = _data([{"start": b["start"], "end": b["end"]} for b in bursts])
        layers.append(
            alt.Chart(data)
            .mark_rect(color="#F0E442", opacity=0.35)
            .encode(x=_utc_x("start", "time (UTC)"), x2="end:T")
        )
    series = result.get("series") or []
    if events and series:
        first, last = series[0]["start"][:10], series[-1]["start"][:10]
        dated = [
            {"date": e["date"], "label": e["label"]}
            for e in events
            if len(e["date"]) == 10 and first <= e["date"] <= last
        ]
        if dated:
            data = _data(dated)
            base = alt.Chart(data).encode(x=_utc_x("date", "time (UTC)"))
            layers.append(base.mark_rule(color="#000000", strokeDash=[4, 3]))
            layers.append(
                base.mark_text(align="left", dx=3, dy=-4, fontSize=10, color="#000000").encode(
                    text="label:N", y=alt.value(10)
                )
            )
    return layers


def _people_over_time(result: dict[str, Any], events: list[dict[str, str]]) -> Any:
    rows = []
    for row in result.get("series") or []:
        for key, label in (("voices", "voices"), ("new_voices", "new voices")):
            rows.append({"start": row["start"], "measure": label, "value": number(row.get(key))})
    posts = [
        {"start": r["start"], "posts": number(r.get("posts"))} for r in result.get("series") or []
    ]
    people = (
        alt.Chart(_data(rows))
        .mark_line(point=True)
        .encode(
            x=_utc_x("start", "time (UTC)"),
            y=alt.Y("value:Q", title="people"),
            color=alt.Color(
                "measure:N",
                title=None,
                legend=alt.Legend(orient="top-left"),
                scale=alt.Scale(domain=["voices", "new voices"], range=OKABE_ITO[:2]),
            ),
            strokeDash=alt.StrokeDash(
                "measure:N",
                legend=None,
                scale=alt.Scale(domain=["voices", "new voices"], range=[[1, 0], [6, 3]]),
            ),
        )
    )
    post_line = (
        alt.Chart(_data(posts))
        .mark_line(color=OKABE_ITO[5], strokeDash=[2, 2])
        .encode(
            x=_utc_x("start", "time (UTC)"), y=alt.Y("posts:Q", title="posts (dotted, vermillion)")
        )
    )
    overlays = _timeline_overlays(result, events)
    chart = alt.layer(*overlays, people, post_line).resolve_scale(y="independent")
    return chart.properties(width=WIDTH, height=HEIGHT)


def _cumulative(result: dict[str, Any], events: list[dict[str, str]]) -> Any:
    rows = [
        {"start": r["start"], "cumulative": number(r.get("cumulative_voices"))}
        for r in result.get("series") or []
    ]
    line = (
        alt.Chart(_data(rows))
        .mark_area(color=OKABE_ITO[0], opacity=0.6, line=True)
        .encode(x=_utc_x("start", "time (UTC)"), y=alt.Y("cumulative:Q", title="cumulative voices"))
    )
    return alt.layer(*_timeline_overlays(result, events), line).properties(
        width=WIDTH, height=HEIGHT
    )


def _bars(rows: list[dict[str, Any]], key: str, title: str) -> Any:
    values = [{"key": str(r.get("key")), "value": number(r.get(key))} for r in rows[:15]]
    return (
        alt.Chart(_data(values))
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y("key:N", sort="-x", title=None),
            x=alt.X("value:Q", title=title),
        )
        .properties(width=WIDTH - 200, height=max(60, 18 * len(values)))
    )


def _origin(result: dict[str, Any]) -> Any:
    origin = result.get("origin") or {}
    firsts = [
        {"at": f.get("created_at"), "what": f"first #{f.get('variant')}"}
        for f in origin.get("first_uses") or []
    ]
    seeds = [
        {"at": s.get("created_at"), "what": "seed post"} for s in origin.get("seed_posts") or []
    ]
    points = (
        alt.Chart(_data(firsts + seeds))
        .mark_point(filled=True, size=70)
        .encode(
            x=_utc_x("at", "time (UTC)"),
            y=alt.Y("what:N", title=None),
            color=alt.value(OKABE_ITO[0]),
            shape=alt.Shape("what:N", legend=None),
        )
    )
    layers: list[Any] = [points]
    if origin.get("ignition"):
        layers.append(
            alt.Chart(_data([{"at": origin["ignition"]}]))
            .mark_rule(color=OKABE_ITO[5], strokeWidth=2)
            .encode(x=_utc_x("at", "time (UTC)"))
        )
    height = max(80, 18 * len({p["what"] for p in firsts + seeds}))
    return alt.layer(*layers).properties(width=WIDTH, height=height)


def _cascades(result: dict[str, Any]) -> Any:
    rows = [
        {
            "root": c.get("root"),
            "size": number(c.get("size")),
            "depth": number(c.get("depth")),
            "virality": number(c.get("structural_virality")),
        }
        for c in (result.get("amplifiers") or {}).get("cascades") or []
    ]
    return (
        alt.Chart(_data(rows))
        .mark_circle(color=OKABE_ITO[2], opacity=0.8)
        .encode(
            x=alt.X("size:Q", title="cascade size (posts)", scale=alt.Scale(type="log")),
            y=alt.Y("depth:Q", title="depth (repost generations)"),
            size=alt.Size("virality:Q", title="structural virality"),
        )
        .properties(width=WIDTH - 200, height=HEIGHT - 40)
    )


def _png(chart: alt.TopLevelMixin) -> bytes:
    spec = chart.configure(background="white").to_dict(validate=False)
    return bytes(vl_convert.vegalite_to_png(spec, scale=1.5))


def build_figures(result: dict[str, Any], events: list[dict[str, str]]) -> list[Figure]:
    """Render every chart the result has data for; each with a one-sentence text alternative."""
    totals, window = result.get("totals") or {}, result.get("window") or {}
    span = (
        f"{window.get('from')} to {window.get('to')} ({window.get('interval')}, {window.get('tz')})"
    )
    figures: list[tuple[str, str, str, Any]] = []
    series = result.get("series") or []
    if series:
        peak = max(series, key=lambda r: number(r.get("voices")) or 0)
        figures.append(
            (
                "voices",
                "Voices and new voices per interval, against posts",
                f"Line chart of voices, new voices and posts per {window.get('interval')} "
                f"from {span}; voices peak at {peak.get('voices')} on {peak['start'][:10]}. "
                "Solid blue: voices; dashed orange: new voices; dotted vermillion: posts (right "
                "axis). Shaded bands are bursts; dashed black rules are key events. "
                "Table below.",
                _people_over_time(result, events),
            )
        )
        figures.append(
            (
                "cumulative",
                "Cumulative voices",
                f"Area chart of cumulative voices, reaching {series[-1].get('cumulative_voices')} "
                f"by {series[-1]['start'][:10]}. Table below.",
                _cumulative(result, events),
            )
        )
    origin = result.get("origin") or {}
    if origin.get("first_uses") or origin.get("seed_posts"):
        figures.append(
            (
                "origin",
                "Origin timeline",
                f"Timeline of first uses of each variant (earliest {origin.get('earliest_use')}), "
                f"seed posts, and ignition ({origin.get('ignition') or 'not found'}). Table below.",
                _origin(result),
            )
        )
    for key, label in (("platform", "platform"), ("language", "language"), ("variant", "variant")):
        rows = (result.get("breakdown") or {}).get(key) or []
        if rows:
            figures.append(
                (
                    f"by-{key}",
                    f"Voices by {label}",
                    f"Bar chart of voices by {label}: {len(rows)} values, the largest "
                    f"{rows[0].get('key')} with {rows[0].get('voices')} voices of "
                    f"{totals.get('voices')} in all. Table below.",
                    _bars(rows, "voices", "voices"),
                )
            )
    cascades = (result.get("amplifiers") or {}).get("cascades") or []
    if cascades:
        figures.append(
            (
                "cascades",
                "Cascade shapes",
                f"Scatter of {len(cascades)} repost cascades by size and depth; the largest "
                f"has {cascades[0].get('size')} posts. Table below.",
                _cascades(result),
            )
        )
    return [Figure(name, title, text, _png(chart)) for name, title, text, chart in figures]
