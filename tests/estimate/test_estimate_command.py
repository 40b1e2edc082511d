"""`groundswell estimate` on a store with a known population: intervals, assumptions, sources, coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.estimate import estimate_magnitude
from groundswell.methods.ratio import shipped_rates
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store import Store
from tests.estimate.population import draw, write_store

runner = CliRunner()
SIZE = 2000


def _make(
    tmp: Path, key_file: Path, seed: int, *, dependence: float = 0.0, **options: Any
) -> tuple[Path, Path]:
    population = draw(seed, SIZE, (0.3, 0.2, 0.25), dependence)
    db, links = tmp / f"s{seed}.duckdb", tmp / f"links{seed}.csv"
    write_store(population, db, links, load_or_create_key(key_file), seed=seed, **options)
    return db, links


def _run(db: Path, *extra: str) -> Any:
    result = runner.invoke(app, ["estimate", "--movement", "metoo", "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    return result


def _with_n(node: Any) -> list[dict[str, Any]]:
    """Every JSON object that carries an estimate N."""
    found = []
    if isinstance(node, dict):
        if "N" in node:
            found.append(node)
        for value in node.values():
            found.extend(_with_n(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_with_n(value))
    return found


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_truth_inside_the_interval_through_the_store(
    tmp_path: Path, key_file: Path, seed: int
) -> None:
    db, links = _make(tmp_path, key_file, seed)
    out = tmp_path / "magnitude.json"
    _run(db, "--links", str(links), "--lists", "platforms", "--json", str(out))
    data = json.loads(out.read_text("utf-8"))["magnitude"]
    (capture,) = data["capture_recapture"]
    assert capture["lists"] == ["twitter", "bluesky", "mastodon"]
    assert capture["unlinked_accounts"] == 0
    low, high = capture["headline"]["ci"]
    assert low <= SIZE <= high
    assert data["observed"]["people"] == capture["observed"] < SIZE
    assert data["observed"]["voices"] > data["observed"]["people"]  # accounts are not people
    estimates = _with_n({k: v for k, v in data.items() if k != "units"})
    assert len(estimates) >= 5 + 3 + 1  # models, ratio scenarios, headline
    for estimate in estimates:
        assert isinstance(estimate["N"], float) and len(estimate["ci"]) == 2
    assert data["ratio"]["assumptions"] and capture["assumptions"]
    assert all(model["assumptions"] for model in capture["models"])


def test_terminal_output_gives_intervals_assumptions_and_sources(
    tmp_path: Path, key_file: Path
) -> None:
    db, links = _make(tmp_path, key_file, 21)
    text = _run(db, "--links", str(links)).output
    flat = " ".join(text.split())
    for rate in shipped_rates():
        if rate.use == "divide":
            assert rate.id in flat and str(rate.year) in flat
    assert "NISVS" in flat and "2015" in flat  # context figure, with its source and year
    assert "assumptions" in flat and "closed population" in flat and "rate transfers" in flat
    assert "lower bound" in flat
    assert "not classified" in flat
    for found in re.finditer(r"N = [\d,.]+", flat):  # every estimate is followed by its interval
        assert "95% CI" in flat[found.end() : found.end() + 12], flat[
            found.start() : found.end() + 40
        ]
    assert flat.count("95% CI") >= 2


def test_dependent_lists_are_flagged_in_terminal_and_json(tmp_path: Path, key_file: Path) -> None:
    db, links = _make(tmp_path, key_file, 31, dependence=1.5)
    out = tmp_path / "m.json"
    result = _run(db, "--links", str(links), "--lists", "platforms", "--json", str(out))
    (capture,) = json.loads(out.read_text("utf-8"))["magnitude"]["capture_recapture"]
    assert any("not independent" in w for w in capture["warnings"])
    assert "not independent" in " ".join(result.output.split())


def test_coverage_gaps_widen_the_upper_bounds(tmp_path: Path, key_file: Path) -> None:
    db, links = _make(tmp_path, key_file, 41, gap_days=(4, 5, 6, 7))
    keys = load_or_create_key(key_file)
    with Store(db, read_only=True) as store:
        result = estimate_magnitude(
            store, "metoo", identity_links=links, pseudonyms=Pseudonymizer(keys)
        )
    data = result.to_json_dict()
    coverage = data["coverage"]
    assert coverage["window"]["days"] == 20 and coverage["missing_days"] == 4
    assert coverage["gap_days"] == 4
    assert coverage["gaps"] == [{"from": "2017-10-19", "to": "2017-10-22", "days": 4}]
    # voices are spread evenly over the 16 covered days: 4 missing days hold about 1/4 more
    factor = coverage["upper_bound_factor"]
    seen, missed = coverage["voices_in_window"], coverage["expected_missed_voices"]
    assert factor == pytest.approx((seen + missed) / seen)
    assert factor == pytest.approx(20 / 16, rel=0.08)
    for scenario in data["ratio"]["scenarios"]:
        assert scenario["ci_adjusted_for_coverage"][1] == pytest.approx(scenario["ci"][1] * factor)
        assert scenario["ci_adjusted_for_coverage"][0] == scenario["ci"][0]
    headline = data["capture_recapture"][0]["headline"]
    assert headline["ci_adjusted_for_coverage"][1] == pytest.approx(headline["ci"][1] * factor)
    assert f"x{factor:.3f}" in coverage["adjustment"]


def test_disclosing_voices_from_a_category_table(tmp_path: Path, key_file: Path) -> None:
    db, _ = _make(tmp_path, key_file, 51)
    with Store(db) as store:
        store.connection.execute(
            """CREATE TABLE post_categories AS
               SELECT m.platform, m.id, c.category,
                      CASE WHEN c.category = 'disclosure' AND hash(m.id) % 4 = 0 THEN 0.9
                           WHEN c.category = 'disclosure' THEN 0.1 ELSE 0.5 END AS probability
               FROM matches m, (VALUES ('disclosure'), ('support')) c(category)"""
        )
        expected = store.connection.execute(
            "SELECT count(*) FROM post_categories WHERE probability = 0.9"
        ).fetchone()
    out = tmp_path / "m.json"
    _run(db, "--lists", "sources", "--json", str(out))
    data = json.loads(out.read_text("utf-8"))["magnitude"]
    assert expected and data["observed"]["disclosing_voices"] == expected[0]
    assert data["ratio"]["observed"] == expected[0]
    assert data["ratio"]["observed_unit"] == "disclosing voices"


def test_pseudonymous_links_and_errors(tmp_path: Path, key_file: Path) -> None:
    population = draw(61, 800, (0.4, 0.3, 0.3))
    db, links = tmp_path / "p.duckdb", tmp_path / "links.csv"
    write_store(population, db, links, load_or_create_key(key_file), plain_links=False)
    out = tmp_path / "m.json"
    _run(db, "--links", str(links), "--lists", "platforms", "--json", str(out))
    data = json.loads(out.read_text("utf-8"))["magnitude"]
    assert data["links"]["already_pseudonymous"] == data["links"]["accounts"]
    assert data["capture_recapture"][0]["linked_accounts"] == data["observed"]["voices"]
    never = runner.invoke(app, ["estimate", "--movement", "timesup", "--db", str(db)])
    assert never.exit_code == 2 and "groundswell match --movement timesup" in never.output
    no_links = runner.invoke(
        app, ["estimate", "--movement", "metoo", "--db", str(db), "--lists", "platforms"]
    )
    assert no_links.exit_code == 2 and "--links" in no_links.output
