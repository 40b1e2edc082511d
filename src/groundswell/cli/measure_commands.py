"""`groundswell measure` and `groundswell export`: the headline in the terminal, the rest as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from groundswell.cli.common import DbOption, KeyFileOption, console, handle_errors
from groundswell.cli.movement_commands import MovementOption
from groundswell.jobs import measure_stored_movement
from groundswell.store import DEFAULT_DB, Store

EngineOption = Annotated[str, typer.Option("--engine", help="duckdb (default) or spark (needs groundswell[spark]).")]


def measure_command(
    movement: MovementOption,
    db: DbOption = DEFAULT_DB,
    engine: EngineOption = "duckdb",
    interval: Annotated[str, typer.Option("--interval", help="hour, day or week.")] = "day",
    tz: Annotated[str, typer.Option("--tz", help="Time zone of the intervals, e.g. America/New_York.")] = "UTC",
    start: Annotated[str | None, typer.Option("--from", help="First day or time (in --tz).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day or time (in --tz).")] = None,
    follows: Annotated[Path | None, typer.Option("--follows", help="CSV follower,followed (pseudonyms) to reconstruct cascades.")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write the full result here (docs/measure-schema.md).")] = None,
    spark_master: Annotated[str, typer.Option("--spark-master", help="Spark master URL for --engine spark.")] = "local[2]",
    key_file: KeyFileOption = None,
) -> None:
    """Count voices, new voices and amplifiers over time; find bursts, the origin and the carriers.

    Example: groundswell measure --movement metoo --db metoo.duckdb --json metoo.json
    """
    _measure(movement, db, engine, interval, tz, start, end, follows, json_file, spark_master, key_file)


@handle_errors
def _measure(movement: str, db: Path, engine: str, interval: str, tz: str, start: str | None,
             end: str | None, follows: Path | None, json_file: Path | None, spark_master: str,
             key_file: Path | None) -> None:
    with Store(db, must_exist=True) as store:
        result = measure_stored_movement(store, movement, engine=engine, interval=interval, tz=tz,
                                         start=start, end=end, follows=follows,
                                         spark_master=spark_master, key_file=key_file)
    _print_headline(result)
    if json_file is not None:
        json_file.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        console.print(f"full result written to {json_file}")


def _print_headline(result: dict[str, Any]) -> None:
    totals = result["totals"]
    window = result["window"]
    title = result["movement"].get("title") or result["movement"]["name"]
    table = Table(title=f"{title}: {window['from']} to {window['to']} ({window['interval']}s, {window['tz']})",
                  show_header=False)
    table.add_row("voices", f"{totals['voices']:,}", "distinct accounts that wrote a matching post")
    table.add_row("amplifiers", f"{totals['amplifiers']:,}", "distinct accounts that reposted one")
    table.add_row("posts", f"{totals['posts']:,}", "matching posts, reposts included")
    origin = result.get("origin") or {}
    if origin.get("ignition"):
        rule = origin.get("ignition_rule") or "start of the first burst"
        table.add_row("ignition", str(origin["ignition"]), rule)
    if origin.get("earliest_use"):
        table.add_row("earliest use", str(origin["earliest_use"]), "first known matching post")
    console.print(table)
    busiest = sorted(result["series"], key=lambda s: s["voices"], reverse=True)[:5]
    if busiest:
        days = Table("interval", "voices", "new voices", "posts", title="busiest intervals")
        for item in busiest:
            days.add_row(item["start"], str(item["voices"]), str(item["new_voices"]), str(item["posts"]))
        console.print(days)
    for caveat in result.get("caveats", []):
        console.print(f"[dim]• {caveat}[/]")


def export_command(
    parquet: Annotated[Path, typer.Option("--parquet", help="Folder for a partitioned Parquet dataset.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export the store (without texts or payloads) as partitioned Parquet for your Spark cluster.

    Example: groundswell export --parquet metoo-parquet/ --db metoo.duckdb
    """
    _export(parquet, db)


@handle_errors
def _export(parquet: Path, db: Path) -> None:
    from groundswell.measures import export_parquet

    with Store(db, read_only=True) as store:
        folder = export_parquet(store, parquet)
    console.print(f"exported to {folder} (posts partitioned by platform and month, and matches)")
    console.print(
        "[yellow]note:[/] the export has no texts or payloads, but it keeps post ids and "
        "pseudonymous authors, which a platform can link back to people: copy it to your own "
        "cluster, do not publish it. Publish `groundswell report` output instead."
    )
