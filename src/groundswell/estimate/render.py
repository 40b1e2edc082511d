"""Rich renderings of estimates: every number with its interval, assumptions and sources beside it."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from groundswell.estimate.magnitude import LOWER_BOUND, MagnitudeResult
from groundswell.estimate.recapture import CaptureResult
from groundswell.methods.capture_recapture import ModelEstimate

__all__ = ["fmt_ci", "fmt_number", "magnitude_renderables", "models_table", "notes"]


def fmt_number(value: float | None) -> str:
    """A count-like number with thousands separators ('—' when missing, '∞' when unbounded)."""
    if value is None:
        return "∞"
    if not math.isfinite(value):
        return "∞" if value > 0 else "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def fmt_ci(ci: Sequence[float | None]) -> str:
    """A 95% interval as ``[low, high]`` (an open upper bound shows as ∞)."""
    return f"[{fmt_number(ci[0])}, {fmt_number(ci[1])}]"


def notes(title: str, lines: Sequence[str], style: str = "") -> Text:
    """A titled bullet list."""
    text = Text(f"{title}\n", style="bold " + style if style else "bold")
    for line in lines:
        text.append(f"  • {line}\n", style=style)
    return text


def models_table(models: Sequence[ModelEstimate], preferred: str | None, title: str) -> Table:
    """One row per log-linear model: terms, N, se, 95% profile interval, fit and information criteria."""
    table = Table(title=title, title_justify="left")
    for name in ("model", "terms", "N", "se", "95% CI (profile)", "deviance", "df", "AIC", "BIC"):
        table.add_column(name, justify="left" if name in ("model", "terms") else "right")
    for model in models:
        mark = " ★" if model.spec == preferred else ""
        table.add_row(
            model.spec + mark,
            ", ".join(model.terms) or "—",
            fmt_number(model.N),
            fmt_number(model.se),
            fmt_ci(model.ci),
            f"{model.deviance:.2f}",
            str(model.df),
            f"{model.aic:.2f}",
            f"{model.bic:.2f}",
        )
    if preferred:
        table.caption = "★ lowest AIC among converged models with a finite interval"
    return table


def _capture(result: CaptureResult, inflation: float) -> Iterator[RenderableType]:
    """The renderables of one capture-recapture result."""
    table = result.table
    head = (
        f"Capture–recapture of {table.population}, lists = {table.by}: {', '.join(table.names)} "
        f"({table.people:,} {table.unit} on at least one list)"
    )
    if result.chapman is not None:
        c = result.chapman
        out = Table(title=head, title_justify="left")
        for name in (
            "method",
            "n1",
            "n2",
            "on both",
            "N",
            "se",
            "95% CI (Wald)",
            "widened for gaps",
        ):
            out.add_column(name, justify="left" if name == "method" else "right")
        out.add_row(
            "Chapman",
            str(c.n1),
            str(c.n2),
            str(c.m),
            fmt_number(c.N),
            fmt_number(c.se),
            fmt_ci(c.ci),
            fmt_ci((c.ci[0], c.ci[1] * inflation)),
        )
        yield out
    else:
        yield models_table(result.models, result.preferred, head)
        found = result.headline()
        if found is not None:
            estimate, (low, high) = found
            widened = None if high is None else high * inflation
            yield Text(
                f"preferred ({result.preferred}): N = {fmt_number(estimate)}, 95% CI "
                f"{fmt_ci((low, high))} spanning the intervals of the plausible models "
                f"({', '.join(result.plausible)}; within 2 AIC of the best); widened for "
                f"coverage gaps {fmt_ci((low, widened))}"
            )
        else:
            yield Text(
                "no model gives a finite interval: no capture–recapture estimate is reported",
                style="yellow",
            )
    yield notes("assumptions", result.assumptions)
    if result.warnings:
        yield notes("warnings", result.warnings, "yellow")


def magnitude_renderables(result: MagnitudeResult) -> Iterator[RenderableType]:
    """Everything ``groundswell estimate`` prints, in reading order."""
    o, c = result.observed, result.coverage
    summary = Table(
        title=f"{result.movement}: observed (lower bound)", show_header=False, title_justify="left"
    )
    summary.add_row(
        "voices", f"{o.voices:,} distinct accounts that wrote a matching post in their own words"
    )
    if o.people is not None:
        summary.add_row("people", f"{o.people:,} linked persons among the voices")
    summary.add_row(
        "disclosing voices",
        "not classified"
        if o.disclosing_voices is None
        else f"{o.disclosing_voices:,} ({o.classification})",
    )
    summary.add_row("by platform", ", ".join(f"{k} {v:,}" for k, v in o.by_platform.items()) or "—")
    yield summary
    yield Text(LOWER_BOUND, style="italic")
    cov = Table(title="coverage of the collection", show_header=False, title_justify="left")
    cov.add_row("window", f"{c.start} to {c.end} ({c.days} days)")
    cov.add_row("days with no posts at all", f"{c.missing_days} ({c.missing_fraction:.1%})")
    cov.add_row("of which collection gaps", str(c.gap_days))
    if c.gaps:
        cov.add_row("longest gaps", ", ".join(f"{a}..{b}" for a, b in c.gaps[:5]))
    cov.add_row(
        "deleted posts in window",
        f"{c.deleted_posts:,} (deletion events recorded: {c.deletion_requests:,})",
    )
    cov.add_row(
        "quarantined records",
        f"{c.quarantined:,}"
        + (
            " (" + ", ".join(f"{k} ×{v}" for k, v in c.quarantine_reasons.items()) + ")"
            if c.quarantine_reasons
            else ""
        ),
    )
    cov.add_row(
        "rate-limit notes", "; ".join(f"{f}: {n}" for f, n in c.rate_limit_notes) or "none recorded"
    )
    cov.add_row("adjustment", result.coverage_note())
    yield cov
    if result.ratio is not None:
        r = result.ratio
        table = Table(
            title=f"Ratio scenarios N = D / d, D = {r.observed:,} {r.unit}",
            title_justify="left",
            caption=f"rates from {r.rates_file}",
        )
        table.add_column("scenario (rate)", no_wrap=True)
        for name in ("year", "d", "d 95% CI", "N", "95% CI", "widened for gaps"):
            table.add_column(name, justify="right")
        by_id = {rate.id: rate for rate in r.rates}
        for s in r.scenarios:
            rate = by_id[s.rate_id]
            table.add_row(
                s.rate_id,
                str(s.year),
                f"{s.rate:.3f}",
                f"[{rate.ci[0]:.3f}, {rate.ci[1]:.3f}]",
                fmt_number(s.N),
                fmt_ci(s.ci),
                fmt_ci(r.adjusted_ci(s)),
            )
        yield table
        yield notes(
            "sources of the rates",
            [
                f"{s.rate_id}: {by_id[s.rate_id].kind}, {s.source}, {s.year} "
                f"({by_id[s.rate_id].url}); interval {by_id[s.rate_id].interval_note or 'published'}"
                for s in r.scenarios
            ],
        )
        if r.context:
            yield notes(
                "context (not divided by)",
                [
                    f"{rate.statement} ({rate.source}, {rate.year}); 95% CI [{rate.ci[0]:.3f}, {rate.ci[1]:.3f}]"
                    for rate in r.context
                ],
            )
        yield notes("assumptions", r.assumptions)
        if r.warnings:
            yield notes("warnings", r.warnings, "yellow")
    for capture in result.capture:
        yield from _capture(capture, c.inflation)
    if result.skipped:
        yield notes("capture–recapture not possible", [f"{k}: {why}" for k, why in result.skipped])
    if result.warnings:
        yield notes("warnings", result.warnings, "yellow")
