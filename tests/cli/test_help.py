"""Every command has help text and a documented example (STYLE: docs are tested against the code)."""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner

from groundswell.cli.main import app

runner = CliRunner()


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found: list[tuple[tuple[str, ...], Any]] = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if hasattr(command, "commands"):
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


def test_every_command_has_help_and_an_example() -> None:
    root = typer.main.get_command(app)
    commands = _commands(root)
    assert {("ingest",), ("status",), ("match",), ("movements", "list")} <= {path for path, _ in commands}
    for path, command in commands:
        assert command.help and len(command.help.split()) >= 3, path
        assert "Example: groundswell " + " ".join(path) in command.help, f"{path} has no example"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)


def test_errors_exit_non_zero_with_a_message_naming_the_fix(tmp_path: object) -> None:
    result = runner.invoke(app, ["status", "--db", "/nonexistent/x.duckdb"])
    assert result.exit_code == 2
    assert "groundswell ingest" in result.output
    result = runner.invoke(app, ["ingest", "/nonexistent/file.jsonl", "--db", "/tmp/never.duckdb"])
    assert result.exit_code == 2
    assert "no such file" in result.output
