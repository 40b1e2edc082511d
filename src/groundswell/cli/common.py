"""What every command shares: options, the console, and turning library errors into exits."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from groundswell.errors import GroundswellError

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
error_console = Console(stderr=True)

DbOption = Annotated[
    Path, typer.Option("--db", help="The store (a DuckDB file).", envvar="GROUNDSWELL_DB")
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        help="The pseudonym key file (default: $GROUNDSWELL_KEY_FILE or ~/.config/groundswell/key).",
    ),
]
EXIT_ERROR = 2


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run ``command``; print a library error as one clear message and exit non-zero."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GroundswellError as exc:
            error_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(EXIT_ERROR) from exc

    return wrapper
