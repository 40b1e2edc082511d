"""`groundswell report`: measure a movement and write the publishable HTML/JSON/PNG report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from groundswell.cli.common import DbOption, console, handle_errors
from groundswell.report import load_measure, open_view, write_report
from groundswell.store import DEFAULT_DB


@handle_errors
def report_command(
    movement: Annotated[
        str,
        typer.Option("--movement", "-m", help="The movement (matched with `groundswell match`)."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write index.html, report.json and PNGs into.")
    ],
    db: DbOption = DEFAULT_DB,
    interval: Annotated[str, typer.Option(help="hour, day, week or month.")] = "day",
    tz: Annotated[str, typer.Option(help="IANA time zone for intervals.")] = "UTC",
    start: Annotated[
        datetime | None, typer.Option("--from", help="First day (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", help="Day after the last (YYYY-MM-DD).")
    ] = None,
    include_texts: Annotated[
        bool, typer.Option("--include-texts", help="Show post texts (never for publication).")
    ] = False,
) -> None:
    """Write a self-contained report of a movement: voices, bursts, origin, amplifiers, breakdowns.

    Example: groundswell report --db metoo.duckdb --movement metoo --out report/
    """
    with open_view(db) as store:
        result = load_measure(store, movement, interval=interval, tz=tz, start=start, end=end)
    written = write_report(result, out, include_texts=include_texts)
    console.print(f"wrote {written.html}, {written.json} and {len(written.charts)} charts")
