"""`groundswell measure` on the real 2017 stream: totals agree with `status` and `match`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from groundswell.cli.main import app

runner = CliRunner()


def test_measure_totals_agree_with_status_and_match(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    stream = shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"
    assert runner.invoke(app, ["ingest", str(stream), "--db", str(db)]).exit_code == 0
    out = tmp_path / "m.json"
    result = runner.invoke(app, ["measure", "--movement", "metoo", "--db", str(db), "--json", str(out)])
    assert result.exit_code == 0, result.output
    measured = json.loads(out.read_text())
    status = json.loads(runner.invoke(app, ["status", "--db", str(db), "--json"]).stdout)
    counts = status["movements"]["metoo"]
    assert measured["totals"]["posts"] == counts["matched_posts"]
    assert measured["totals"]["voices"] == counts["voices"]
    assert measured["totals"]["amplifiers"] == counts["amplifiers"]
    series = measured["series"]
    assert sum(item["new_voices"] for item in series) == measured["totals"]["voices"]
    assert series[-1]["cumulative_voices"] == measured["totals"]["voices"]
    assert sum(item["posts"] for item in series) == measured["totals"]["posts"]
    for key in ("movement", "window", "units", "totals", "series", "bursts", "origin", "amplifiers",
                "breakdown", "caveats"):
        assert key in measured
    assert "lower bound" in " ".join(measured["caveats"])


def test_measure_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["measure", "--movement", "metoo", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "groundswell ingest" in result.output
