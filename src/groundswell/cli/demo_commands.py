"""`groundswell simulate` and `groundswell demo`: a movement with known truth, and the whole job on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from groundswell.cli.common import EXIT_ERROR, console, error_console, handle_errors
from groundswell.jobs.demo_job import DEMO_POSTS
from groundswell.store.ingest import FileReport

PostsOption = Annotated[int, typer.Option("--posts", min=200, help="Posts to simulate.")]


def simulate_command(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write DIR/data, DIR/truth.json, DIR/movement.toml."),
    ],
    posts: PostsOption = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    movement: Annotated[str, typer.Option("--movement", help="Movement to simulate.")] = "metoo",
    dependent_lists: Annotated[
        bool,
        typer.Option(
            "--dependent-lists",
            help="Correlate platform membership (breaks capture–recapture's independence).",
        ),
    ] = False,
) -> None:
    """Write a realistic multi-platform movement in native formats, with its true counts.

    Example: groundswell simulate --out sim/ --posts 100000 --seed 1
    """
    _simulate(out, posts, seed, movement, dependent_lists)


@handle_errors
def _simulate(out: Path, posts: int, seed: int, movement: str, dependent_lists: bool) -> None:
    from groundswell.simulate import simulate

    with console.status(f"simulating {posts:,} posts"):
        summary = simulate(
            out, posts=posts, seed=seed, movement=movement, dependent_lists=dependent_lists
        )
    console.print(
        f"{summary.posts_written:,} posts written to {out / 'data'} in {summary.seconds:.1f} s "
        f"({summary.posts_written / max(summary.seconds, 1e-9):,.0f} posts/s); truth in {out / 'truth.json'}"
    )
    console.print(
        f"next: groundswell ingest {out / 'data'} && groundswell measure --movement {out / 'movement.toml'}"
    )


class _DemoProgress:
    """Shows the demo's stage and the file being ingested."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("starting", total=None)

    def stage(self, name: str) -> None:
        self.progress.update(self.task, description=name)

    def start_file(self, name: str, size: int) -> None:
        self.progress.update(self.task, description=f"ingest {Path(name).name}")

    def end_file(self, report: FileReport) -> None:
        pass


def demo_command(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the simulation, the store and the report.")
    ] = Path("demo-out"),
    posts: PostsOption = DEMO_POSTS,
) -> None:
    """Simulate a movement, then ingest, match, measure, estimate and report it, checked against the truth.

    Example: groundswell demo --out demo-out --posts 200000
    """
    _demo(out, posts)


@handle_errors
def _demo(out: Path, posts: int) -> None:
    from groundswell.jobs.demo_job import run_demo

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        demo = run_demo(out, posts=posts, progress=_DemoProgress(progress))
    totals = demo.result["totals"]
    window = demo.result["window"]
    console.print(
        f"[bold]{demo.result['movement'].get('title') or 'movement'}[/] (simulated), "
        f"{window['from'][:10]} to {window['to'][:10]}: [bold]{totals['voices']:,} voices[/], "
        f"{totals['amplifiers']:,} amplifiers, {totals['posts']:,} matching posts."
    )
    table = Table("check against truth.json", "measured", "truth", "", title="the numbers, checked")
    for check in demo.checks:
        table.add_row(
            check.name,
            str(check.measured),
            str(check.truth),
            "[green]✓[/]" if check.ok else "[red]✗[/]",
        )
    console.print(table)
    console.print("stages: " + ", ".join(f"{name} {s:.1f} s" for name, s in demo.seconds.items()))
    console.print(f"report: {demo.report}")
    if not demo.all_ok:
        raise typer.Exit(EXIT_ERROR)
