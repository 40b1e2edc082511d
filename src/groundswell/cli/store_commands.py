"""`groundswell ingest` and `groundswell status`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from groundswell.cli.common import (
    EXIT_ERROR,
    DbOption,
    KeyFileOption,
    console,
    error_console,
    handle_errors,
)
from groundswell.privacy.keys import default_key_path
from groundswell.store import (
    DEFAULT_DB,
    FileReport,
    IngestOptions,
    IngestSummary,
    Store,
    ingest,
    store_status,
)


class _Bar:
    """Draws one progress bar over the files of an ingest."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.task = progress.add_task("ingest", total=total)

    def start_file(self, name: str, size: int) -> None:
        self.progress.update(self.task, description=Path(name).name[-40:])

    def end_file(self, report: FileReport) -> None:
        self.progress.advance(self.task)


def _print_summary(summary: IngestSummary) -> None:
    table = Table(title="ingest", show_lines=False)
    for column in ("file", "format", "posts", "direct", "deletions", "quarantined", "note"):
        table.add_column(
            column,
            justify="right"
            if column in ("posts", "direct", "deletions", "quarantined")
            else "left",
        )
    for f in summary.files:
        note = f.error or ("already ingested (unchanged)" if f.skipped else "")
        if not note and f.holds_no_posts:
            note = "no posts: " + (", ".join(f.notes) or "nothing in it")
        elif not note and f.notes:
            note = ", ".join(f"{what} ×{n}" for what, n in f.notes.most_common(2))
        table.add_row(
            Path(f.name).name,
            f.format or "-",
            str(f.posts),
            str(f.direct_posts),
            str(f.deletions),
            str(f.quarantined),
            note,
        )
    console.print(table)
    console.print(
        f"{len(summary.files)} files, {summary.total('posts')} posts read "
        f"({summary.total('direct_posts')} collected directly), {summary.total('deletions')} deletions, "
        f"{summary.quarantined} records quarantined."
    )


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.gz/.bz2/.zst/.zip too).")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        str | None, typer.Option("--format", help="Importer to use instead of detecting it.")
    ] = None,
    map: Annotated[
        list[str] | None,
        typer.Option("--map", help="FIELD=COLUMN for tables, e.g. --map text=tweet."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit non-zero when any record was quarantined.")
    ] = False,
    no_pseudonyms: Annotated[
        bool,
        typer.Option(
            "--no-pseudonyms",
            help="Keep account ids and handles in plain form (not safe to share).",
        ),
    ] = False,
    key_file: KeyFileOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-read files already ingested unchanged.")
    ] = False,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size",
            min=1,
            help="Posts per committed batch of files read in this process (files the workers "
            "parse are committed per 32 MiB of lines).",
        ),
    ] = 20_000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes parsing large JSON-lines files (default: one per core; 1: none).",
        ),
    ] = None,
) -> None:
    """Read posts from files into the store.

    Example: groundswell ingest tweets.jsonl.gz toots/ --db metoo.duckdb
    """
    options = IngestOptions(
        format=format,
        column_map=tuple(map or []),
        pseudonyms=not no_pseudonyms,
        key_file=key_file,
        force=force,
        batch_size=batch_size,
        workers=workers,
    )
    _ingest(paths, db, options, strict)


@handle_errors
def _ingest(paths: list[Path], db: Path, options: IngestOptions, strict: bool) -> None:
    with (
        Store(db) as store,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=error_console,
            transient=True,
        ) as progress,
    ):
        from groundswell.sources import expand_inputs

        total = sum(1 for _ in expand_inputs(paths))
        summary = ingest(store, paths, options, _Bar(progress, total))
    _print_summary(summary)
    for failed in summary.errors:
        error_console.print(f"[bold red]error:[/] {failed.error}", highlight=False)
    if summary.quarantined:
        reasons = ", ".join(
            f"{reason} ×{n}" for reason, n in summary.quarantine_reasons.most_common()
        )
        error_console.print(
            f"[yellow]warning:[/] {summary.quarantined} records kept in quarantine ({reasons}); "
            "the rest went in. See them with `groundswell status`.",
            highlight=False,
        )
    if summary.errors or (strict and summary.quarantined):
        raise typer.Exit(EXIT_ERROR)


def status_command(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    key_file: KeyFileOption = None,
) -> None:
    """Show what the store holds.

    Example: groundswell status --db metoo.duckdb --json
    """
    _status(db, as_json, key_file)


@handle_errors
def _status(db: Path, as_json: bool, key_file: Path | None) -> None:
    with Store(db, read_only=True) as store:
        status = store_status(store, str(key_file or default_key_path()))
    if as_json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"groundswell store {status['db']}", show_header=False)
    for key in (
        "posts",
        "direct_posts",
        "authors",
        "first_post",
        "last_post",
        "deleted",
        "deletion_requests",
        "quarantined",
        "files",
        "pseudonyms",
        "key_file",
    ):
        table.add_row(key.replace("_", " "), str(status[key]))
    for name, count in status["platforms"].items():
        table.add_row(f"  {name}", str(count))
    for reason, count in status["quarantine_reasons"].items():
        table.add_row(f"  quarantined: {reason}", str(count))
    for movement, counts in status.get("movements", {}).items():
        table.add_row(f"movement {movement}", ", ".join(f"{k} {v}" for k, v in counts.items()))
    console.print(table)
