"""The key file (created 0600, outside the store) and the errors for unknown formats."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from typer.testing import CliRunner

from groundswell.cli.main import app

runner = CliRunner()


def test_key_is_created_private_outside_the_store_and_shown_by_status(
    shared_data: Path, key_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "k.duckdb"
    stream = shared_data / "platforms/twitter-v1/get_search.json"
    assert not key_file.exists()
    assert runner.invoke(app, ["ingest", str(stream), "--db", str(db)]).exit_code == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    secret = key_file.read_bytes()
    assert secret not in db.read_bytes() and secret.hex() not in db.read_bytes().decode("latin-1")
    status = json.loads(runner.invoke(app, ["status", "--db", str(db), "--json"]).stdout)
    assert status["key_file"] == str(key_file)
    other_key = tmp_path / "other.key"
    refused = runner.invoke(app, ["ingest", str(stream), "--db", str(db), "--key-file", str(other_key), "--force"])
    assert refused.exit_code == 2 and "another key" in refused.output


def test_an_unknown_format_names_what_was_tried_and_the_fix(key_file: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"hello": "world"}\n')
    result = runner.invoke(app, ["ingest", str(odd), "--db", str(tmp_path / "u.duckdb")])
    assert result.exit_code == 2
    message = result.output.replace("\n", " ")
    assert "odd.jsonl" in message and "twitter-v2" in message and "--format" in message
    forced = runner.invoke(app, ["ingest", str(odd), "--db", str(tmp_path / "v.duckdb"), "--format", "nope"])
    assert forced.exit_code == 2 and "unknown format" in forced.output
