"""Capture-recapture: published cases from the reference files, hare data, and coverage simulations."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from groundswell.errors import EstimationError
from groundswell.methods.capture_recapture import (
    assumption_warnings,
    chapman,
    fit_model,
    fit_models,
    pattern_counts,
)
from groundswell.methods.loglinear import capture_patterns, parse_terms

# The reference file's model descriptions, written as our spec strings.
SPECS = {
    "darroch1993_all_two_way": "all-two-way",
    "darroch1993_c1c2_c2c3": "c1:c2+c2:c3",
    "bruno1994_two_way_minus_c1c4": "all-two-way - c1:c4",
    "bruno1994_c1c3_c2c4_c3c4": "c1:c3+c2:c4+c3:c4",
    "cormack2000_independence": "independence",
}


def _cases(shared_data: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((shared_data / "reference" / "capture-recapture-papers.json").read_text())
    return {case["name"]: case for case in document["cases"]}


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def _assert_published(computed: float, published: float) -> None:
    """Equal after rounding to the published number of decimals."""
    assert round(computed, _decimals(published)) == pytest.approx(published), (computed, published)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_reproduces_published_loglinear_cases(shared_data: Path, name: str) -> None:
    case = _cases(shared_data)[name]
    model = fit_model(case["counts"], SPECS[name])
    assert model.n_observed == case["observed"]
    _assert_published(model.N, case["N"])
    for key in ("se", "deviance"):
        if key in case:
            _assert_published(getattr(model, key), case[key])
    if "df" in case:
        assert model.df == case["df"]
    if "ci95_profile" in case:
        tolerance = case["ci_tolerance"]
        assert model.ci[0] == pytest.approx(case["ci95_profile"][0], abs=tolerance)
        assert model.ci[1] is not None
        assert model.ci[1] == pytest.approx(case["ci95_profile"][1], abs=tolerance)


def test_every_reference_case_is_covered(shared_data: Path) -> None:
    assert set(_cases(shared_data)) == {*SPECS, "chapman_textbook"}


def test_chapman_textbook(shared_data: Path) -> None:
    case = _cases(shared_data)["chapman_textbook"]
    result = chapman(case["n1"], case["n2"], case["m"])
    _assert_published(result.N, case["N"])
    _assert_published(result.variance, case["variance"])
    _assert_published(result.se, case["se"])
    assert result.lincoln_petersen == case["N_lincoln_petersen"]
    assert any("independent" in text for text in result.assumptions)


def _hare_counts(shared_data: Path) -> tuple[int, ...]:
    rows = np.loadtxt(
        shared_data / "reference" / "capture-recapture-hare.csv",
        delimiter=",",
        skiprows=1,
        dtype=int,
    )
    return pattern_counts(rows.tolist())


def test_hare_summary_matches_published_summary(shared_data: Path) -> None:
    published = json.loads(
        (shared_data / "reference" / "capture-recapture-hare-published.json").read_text()
    )
    counts = _hare_counts(shared_data)
    summary = published["summary_stats_computed_here_for_convenience"]
    assert sum(counts) == summary["n_distinct"]
    patterns = capture_patterns(6)
    assert (np.asarray(counts) @ patterns).tolist() == summary["captures_per_occasion"]


def _hare_model(counts: tuple[int, ...], label: str) -> dict[str, list[float]]:
    captures = capture_patterns(6).sum(axis=1)
    if label.startswith("Mth Poisson2"):
        return {
            "poisson2": (2.0**captures - 1).tolist()
        }  # Rcapture's Poisson column a^k - 1, a = 2
    return {"caught6": (captures == 6).astype(float).tolist()}


def test_hare_published_estimates(shared_data: Path) -> None:
    published = json.loads(
        (shared_data / "reference" / "capture-recapture-hare-published.json").read_text()
    )
    counts = _hare_counts(shared_data)
    for entry in published["published_estimates_from_Rcapture_help_page_hare"]:
        model = fit_model(counts, "independence", columns=_hare_model(counts, entry["model"]))
        _assert_published(model.N, entry["N"])
        assert round(model.aic) == entry["AIC"]
        if entry["model"].startswith("Mt with"):
            _assert_published(model.se, entry["se"])


@pytest.mark.xfail(
    strict=True,
    reason="Rcapture's help page prints se 5.7 for Mth Poisson2; the closedp formula gives 5.57 here (N and AIC match); unexplained",
)
def test_hare_mth_poisson2_se(shared_data: Path) -> None:
    published = json.loads(
        (shared_data / "reference" / "capture-recapture-hare-published.json").read_text()
    )
    entry = published["published_estimates_from_Rcapture_help_page_hare"][0]
    counts = _hare_counts(shared_data)
    model = fit_model(counts, "independence", columns=_hare_model(counts, entry["model"]))
    _assert_published(model.se, entry["se"])


def test_spec_parsing_and_errors() -> None:
    names = ("a", "b", "c", "d")
    assert parse_terms("independence", names) == ()
    assert parse_terms("b:a + c:d", names) == (("a", "b"), ("c", "d"))
    assert len(parse_terms("all-two-way - a:d", names)) == 5
    with pytest.raises(EstimationError, match="known lists"):
        parse_terms("a:z", names)
    with pytest.raises(EstimationError, match="parameters"):
        fit_model([1, 2, 3, 4, 5, 6, 7], "c1:c2:c3+all-two-way")


def test_fit_models_lists_plausible_models(shared_data: Path) -> None:
    case = _cases(shared_data)["darroch1993_all_two_way"]
    models = fit_models(case["counts"])
    assert [model.spec for model in models] == [
        "independence",
        "c1:c2",
        "c1:c3",
        "c2:c3",
        "all-two-way",
    ]
    for model in models:
        assert model.ci[0] >= model.n_observed
        assert any("closed population" in text for text in model.assumptions)
        assert math.isfinite(model.aic) and math.isfinite(model.bic)
    assert assumption_warnings(models)  # Darroch's lists are far from independent


def _simulate(
    rng: np.random.Generator, size: int, probabilities: list[float], dependent: bool
) -> tuple[int, ...]:
    caught = rng.random((size, 3)) < np.asarray(probabilities)
    if dependent:  # whoever is on list 1 is far more likely to be on list 2
        caught[:, 1] = np.where(caught[:, 0], rng.random(size) < 0.8, rng.random(size) < 0.1)
    return pattern_counts(caught.astype(int).tolist())


def test_independent_lists_interval_coverage() -> None:
    truth, covered = 1000, 0
    for seed in range(100):
        counts = _simulate(np.random.default_rng(seed), truth, [0.3, 0.25, 0.2], dependent=False)
        model = fit_model(counts, "independence")
        upper = model.ci[1] if model.ci[1] is not None else math.inf
        covered += model.ci[0] <= truth <= upper
    assert covered >= 90


def test_dependent_lists_produce_warnings() -> None:
    flagged = 0
    for seed in range(20):
        counts = _simulate(np.random.default_rng(seed), 1000, [0.3, 0.25, 0.2], dependent=True)
        warnings = assumption_warnings(fit_models(counts))
        flagged += any("independence model fits badly" in text for text in warnings)
    assert flagged >= 18
