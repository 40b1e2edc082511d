"""`groundswell report`: measure a movement and write the publishable HTML/JSON/PNG report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from groundswell.cli.common import DbOption, KeyFileOption, console, handle_errors
from groundswell.cli.movement_commands import MovementOption
from groundswell.store import DEFAULT_DB, Store


def report_command(
    movement: MovementOption,
    out: Annotated[Path, typer.Option("--out", help="Folder to write index.html, report.json and PNGs into.")],
    db: DbOption = DEFAULT_DB,
    interval: Annotated[str, typer.Option("--interval", help="hour, day or week.")] = "day",
    tz: Annotated[str, typer.Option("--tz", help="IANA time zone for intervals.")] = "UTC",
    start: Annotated[str | None, typer.Option("--from", help="First day or time (in --tz).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day or time (in --tz).")] = None,
    links: Annotated[Path | None, typer.Option("--links", help="CSV person,platform,account linking accounts across platforms (capture–recapture).")] = None,
    rates: Annotated[Path | None, typer.Option("--rates", help="Disclosure-rate file (default: the shipped, sourced rates).")] = None,
    include_texts: Annotated[bool, typer.Option("--include-texts", help="Show post texts (never for publication).")] = False,
    key_file: KeyFileOption = None,
) -> None:
    """Write a self-contained report of a movement: voices, bursts, origin, amplifiers, magnitude.

    Example: groundswell report --db metoo.duckdb --movement metoo --out report/
    """
    _report(movement, out, db, interval, tz, start, end, links, rates, include_texts, key_file)


@handle_errors
def _report(movement: str, out: Path, db: Path, interval: str, tz: str, start: str | None,
            end: str | None, links: Path | None, rates: Path | None, include_texts: bool,
            key_file: Path | None) -> None:
    from groundswell.jobs.report_job import build_report

    with Store(db, must_exist=True) as store:
        written, _ = build_report(store, movement, out, identity_links=links, rates_file=rates,
                                  key_file=key_file, include_texts=include_texts, interval=interval,
                                  tz=tz, start=start, end=end)
    console.print(f"wrote {written.html}, {written.json} and {len(written.charts)} charts")
