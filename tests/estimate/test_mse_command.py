"""`groundswell estimate mse` reproduces the published multiple-systems cases from their overlap tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.methods.loglinear import capture_patterns

runner = CliRunner()

SPECS = {
    "all two-way interactions": "all-two-way",
    "c1:c2 + c2:c3": "c1:c2+c2:c3",
    "all two-way interactions except c1:c4": "all-two-way - c1:c4",
    "main effects + c1:c3 + c2:c4 + c3:c4": "c1:c3+c2:c4+c3:c4",
    "independence (Mt)": "independence",
}


def _cases(shared_data: Path) -> list[dict[str, Any]]:
    document = json.loads(
        (shared_data / "reference" / "capture-recapture-papers.json").read_text("utf-8")
    )
    return [case for case in document["cases"] if "counts" in case]


def _table(case: dict[str, Any], folder: Path) -> Path:
    """Write the case's cell counts as an overlap table CSV (columns c1..cJ, count)."""
    lists = case["lists"]
    lines = [",".join(f"c{k}" for k in range(1, lists + 1)) + ",count"]
    for pattern, count in zip(capture_patterns(lists), case["counts"], strict=True):
        lines.append(",".join(str(int(v)) for v in pattern) + f",{count}")
    path = folder / f"{case['name']}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_published_case_is_reproduced(shared_data: Path, tmp_path: Path) -> None:
    cases = _cases(shared_data)
    assert len(cases) == 5
    for case in cases:
        spec = SPECS[case["model"]]
        result = runner.invoke(
            app,
            ["estimate", "mse", "--table", str(_table(case, tmp_path)), "--json", "--model", spec],
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["observed"] == case["observed"]
        (model,) = data["models"]
        assert model["N"] == pytest.approx(case["N"], abs=0.5), case["name"]
        if "se" in case:
            assert model["se"] == pytest.approx(case["se"], abs=0.5), case["name"]
        if "deviance" in case:
            published = case["deviance"]  # compared to the precision it was published with
            places = len(repr(published).partition(".")[2])
            assert round(model["deviance"], places) == published, case["name"]
            assert model["df"] == case["df"]
        if "ci95_profile" in case:
            low, high = case["ci95_profile"]
            assert model["ci"][0] == pytest.approx(low, abs=case["ci_tolerance"])
            assert model["ci"][1] == pytest.approx(high, abs=case["ci_tolerance"])
        for key in ("terms", "N", "se", "ci", "deviance", "df", "aic", "assumptions"):
            assert key in model


def test_all_models_by_default_with_table_and_assumptions(
    shared_data: Path, tmp_path: Path
) -> None:
    case = next(c for c in _cases(shared_data) if c["name"] == "darroch1993_all_two_way")
    path = _table(case, tmp_path)
    data = json.loads(
        runner.invoke(app, ["estimate", "mse", "--table", str(path), "--json"]).output
    )
    specs = [model["spec"] for model in data["models"]]
    assert specs == ["independence", "c1:c2", "c1:c3", "c2:c3", "all-two-way"]
    full = next(m for m in data["models"] if m["spec"] == "all-two-way")
    assert full["N"] == pytest.approx(1240, abs=0.5) and full["se"] == pytest.approx(451, abs=0.5)
    assert data["preferred"] in specs
    assert any("not independent" in w for w in data["assumption_warnings"])

    text = runner.invoke(app, ["estimate", "mse", "--table", str(path), "--model", "c1:c2+c2:c3"])
    assert text.exit_code == 0, text.output
    assert "850" in text.output and "95% CI" in text.output
    assert "assumptions of c1:c2+c2:c3" in text.output and "closed population" in text.output


def test_named_columns_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "named.csv"
    path.write_text(
        "twitter,reddit,news,count\n1,1,1,72\n1,1,0,155\n1,0,1,7\n1,0,0,71\n0,1,1,13\n0,1,0,53\n0,0,1,43\n",
        encoding="utf-8",
    )
    ok = runner.invoke(
        app,
        [
            "estimate",
            "mse",
            "--table",
            str(path),
            "--json",
            "--model",
            "twitter:reddit+reddit:news",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["models"][0]["N"] == pytest.approx(850, abs=0.5)
    bad = runner.invoke(app, ["estimate", "mse", "--table", str(path), "--model", "c1:c2"])
    assert bad.exit_code == 2
    assert "twitter:reddit" in bad.output  # the fix names the table's own columns
    missing = runner.invoke(app, ["estimate", "mse", "--table", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "check the path" in missing.output
