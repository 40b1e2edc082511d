"""The `groundswell` application: registers every command."""

from __future__ import annotations

import typer

from groundswell.cli.classify_commands import classify_app, label_command
from groundswell.cli.demo_commands import demo_command, simulate_command
from groundswell.cli.estimate_commands import estimate_app
from groundswell.cli.measure_commands import export_command, measure_command
from groundswell.cli.movement_commands import match_command, movements_app
from groundswell.cli.report_commands import report_command
from groundswell.cli.store_commands import ingest_command, status_command
from groundswell.cli.web_commands import serve_command

app = typer.Typer(
    name="groundswell",
    help="Measure social-media movements in people, not post counts, safely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)
app.command("status")(status_command)
app.add_typer(movements_app, name="movements")
app.command("match")(match_command)
app.command("measure")(measure_command)
app.command("export")(export_command)
app.command("label")(label_command)
app.add_typer(classify_app, name="classify")
app.add_typer(estimate_app, name="estimate")
app.command("report")(report_command)
app.command("serve")(serve_command)
app.command("simulate")(simulate_command)
app.command("demo")(demo_command)


if __name__ == "__main__":
    app()
