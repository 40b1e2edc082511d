"""Ratio scenarios: N = D / d with the rate's uncertainty on the log scale, and the rates file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from groundswell.errors import EstimationError
from groundswell.methods.ratio import (
    Rate,
    load_rates,
    ratio_scenario,
    ratio_scenarios,
    shipped_rates,
)


def test_shipped_rates_are_sourced_and_dated() -> None:
    rates = {rate.id: rate for rate in shipped_rates()}
    # METHODS.md section 5: RAINN about 310 of 1,000 reported; NISVS 2015 about 21% of US women.
    assert rates["rainn-police-2015-2019"].estimate == pytest.approx(310 / 1000)
    assert rates["nisvs-2015-rape-prevalence-women"].estimate == pytest.approx(0.21, abs=0.005)
    assert rates["nisvs-2015-rape-prevalence-women"].year == 2015
    for rate in rates.values():
        assert rate.source and rate.url.startswith("https://") and 1990 < rate.year < 2030
        assert rate.ci[0] <= rate.estimate <= rate.ci[1]


def test_scenario_arithmetic_and_log_interval() -> None:
    rate = Rate(
        "r",
        "reporting",
        "people",
        "divide",
        0.31,
        (0.25, 0.37),
        "assumed",
        "s",
        "Src",
        "https://x",
        2019,
    )
    scenario = ratio_scenario(1000, rate)
    assert pytest.approx(1000 / 0.31) == scenario.N
    se = (math.log(0.37) - math.log(0.25)) / (2 * 1.959963984540054)
    assert scenario.ci == pytest.approx(
        (
            1000 / 0.31 / math.exp(1.959963984540054 * se),
            1000 / 0.31 * math.exp(1.959963984540054 * se),
        )
    )
    assert scenario.source == "Src" and scenario.year == 2019
    assert scenario.ci[0] < scenario.N < scenario.ci[1]


def test_rate_from_se_uses_delta_method() -> None:
    rate = Rate.from_se("s", 0.5, 0.05, "Src", 2020)
    assert rate.log_se == pytest.approx(0.1)


def test_scenarios_side_by_side_skip_context_figures() -> None:
    scenarios = ratio_scenarios(5000, shipped_rates())
    assert len(scenarios) >= 2
    assert [s.N for s in scenarios] == sorted(s.N for s in scenarios)
    assert all(s.rate_id != "nisvs-2015-rape-prevalence-women" for s in scenarios)
    assert all(any("transfers" in text for text in s.assumptions) for s in scenarios)
    context = next(rate for rate in shipped_rates() if rate.use == "context")
    with pytest.raises(EstimationError, match="not a rate to divide by"):
        ratio_scenario(10, context)


GOOD = """
[[rate]]
id = "mine"
kind = "disclosure online"
unit = "people"
use = "divide"
estimate = 0.2
se = 0.02
statement = "one in five"
source = "My survey"
url = "https://example.org"
year = 2024
"""


def test_loads_user_file(tmp_path: Path) -> None:
    path = tmp_path / "rates.toml"
    path.write_text(GOOD)
    (rate,) = load_rates(path)
    assert rate.id == "mine" and rate.log_se == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = [", "not valid TOML"),
        ("schema = 1", "no \\[\\[rate\\]\\] tables"),
        (GOOD.replace("year = 2024", 'year = "2024"'), "field 'year' must be a int"),
        (GOOD.replace("se = 0.02", ""), "give the rate's uncertainty"),
        (GOOD.replace("se = 0.02", "ci = [0.3, 0.4]"), "ci low <= estimate"),
        (GOOD.replace('use = "divide"', 'use = "both"'), "use must be"),
        (GOOD + GOOD, "unique"),
    ],
)
def test_user_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rates.toml"
    path.write_text(text)
    with pytest.raises(EstimationError, match=message) as info:
        load_rates(path)
    assert str(path) in str(info.value)
