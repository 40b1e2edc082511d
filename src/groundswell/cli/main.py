"""The `groundswell` application: registers every command."""

from __future__ import annotations

import typer

from groundswell.cli.movement_commands import match_command, movements_app
from groundswell.cli.store_commands import ingest_command, status_command

app = typer.Typer(
    name="groundswell",
    help="Measure social-media movements in people, not post counts, safely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)
app.command("status")(status_command)
app.command("match")(match_command)
app.add_typer(movements_app, name="movements")


if __name__ == "__main__":
    app()
