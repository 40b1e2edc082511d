"""`groundswell demo`: the whole job on a small simulated movement, checked against its truth."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.jobs.demo_job import compare_with_truth

runner = CliRunner()


def test_demo_reproduces_the_truth_and_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--posts", "6000"])
    assert result.exit_code == 0, result.output
    index = out / "report" / "index.html"
    assert index.exists() and str(index) in result.output.replace("\n", "")
    truth = json.loads((out / "simulation" / "truth.json").read_text())
    released = json.loads((out / "report" / "report.json").read_text())
    assert released["totals"]["voices"] == truth["totals"]["voices"]
    assert released["magnitude"]  # the estimate section is in the report
    # A rerun reuses the simulation and the ingested files, and gives the same numbers.
    again = runner.invoke(app, ["demo", "--out", str(out), "--posts", "6000"])
    assert again.exit_code == 0, again.output
    assert json.loads((out / "report" / "report.json").read_text())["totals"] == released["totals"]


def test_a_wrong_number_fails_the_check() -> None:
    truth = {
        "totals": {"posts": 3, "voices": 2, "amplifiers": 1},
        "daily": [{"date": "2017-10-15", "posts": 3, "voices": 2, "new_voices": 2, "amplifiers": 1}],
        "ignition": "2017-10-15T20:00:00Z",
        "call_to_action": {"platform": "twitter", "id": "1"},
    }
    measured = {
        "totals": {"posts": 3, "voices": 3, "amplifiers": 1},
        "series": [{"start": "2017-10-15T00:00:00Z", "posts": 3, "voices": 3, "new_voices": 3, "amplifiers": 1}],
        "origin": {"ignition": "2017-10-15T00:00:00Z", "seed_posts": [{"platform": "twitter", "id": "1"}]},
    }
    failed = {c.name for c in compare_with_truth(measured, truth) if not c.ok}
    assert failed == {"total voices", "daily voices", "daily new voices"}
