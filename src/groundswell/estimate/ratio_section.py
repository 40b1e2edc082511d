"""Ratio scenarios N = D / d for a movement: which D, which rates, and the coverage widening."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundswell.methods.ratio import (
    RATIO_ASSUMPTIONS,
    Rate,
    RatioScenario,
    load_rates,
    ratio_scenarios,
    shipped_rates,
)

__all__ = ["RatioSection", "ratio_section"]

SHIPPED = "groundswell/methods/data/disclosure_rates.toml (shipped)"


@dataclass(frozen=True)
class RatioSection:
    """Side-by-side ratio scenarios.

    Attributes:
        observed: D, the count divided by each rate.
        unit: what D counts.
        rates_file: where the rates came from.
        scenarios: one per dividing rate, smallest estimate first.
        context: figures shown beside the scenarios, never divided by (prevalences).
        inflation: factor applied to upper bounds for coverage gaps (1 when none).
        assumptions: what every scenario assumes.
        warnings: where D or a rate does not fit the assumptions.
    """

    observed: int
    unit: str
    rates_file: str
    scenarios: tuple[RatioScenario, ...]
    rates: tuple[Rate, ...]
    context: tuple[Rate, ...]
    inflation: float
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]

    def adjusted_ci(self, scenario: RatioScenario) -> tuple[float, float]:
        """The scenario's interval with its upper bound widened for coverage gaps."""
        return (scenario.ci[0], scenario.ci[1] * self.inflation)

    def to_json_dict(self) -> dict[str, Any]:
        """JSON values (see docs/measure-schema.md, ``magnitude.ratio``)."""
        by_id = {rate.id: rate for rate in self.rates}
        return {
            "observed": self.observed,
            "observed_unit": self.unit,
            "rates_file": self.rates_file,
            "scenarios": [
                {
                    "rate_id": s.rate_id,
                    "kind": by_id[s.rate_id].kind,
                    "rate_unit": by_id[s.rate_id].unit,
                    "rate": s.rate,
                    "rate_ci": list(by_id[s.rate_id].ci),
                    "rate_interval_note": by_id[s.rate_id].interval_note or "published",
                    "N": s.N,
                    "ci": list(s.ci),
                    "ci_adjusted_for_coverage": list(self.adjusted_ci(s)),
                    "source": s.source,
                    "year": s.year,
                    "url": by_id[s.rate_id].url,
                    "statement": s.statement,
                }
                for s in self.scenarios
            ],
            "context": [
                {
                    "id": rate.id,
                    "kind": rate.kind,
                    "estimate": rate.estimate,
                    "ci": list(rate.ci),
                    "statement": rate.statement,
                    "source": rate.source,
                    "year": rate.year,
                    "url": rate.url,
                }
                for rate in self.context
            ],
            "ci_method": "95%, the rate's uncertainty propagated on the log scale; D taken as exact",
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
        }


def ratio_section(
    observed: int, unit: str, rates_file: Path | None, inflation: float, disclosing: bool
) -> RatioSection:
    """Scenarios for ``observed`` under every dividing rate of ``rates_file`` (or the shipped file)."""
    rates = load_rates(rates_file) if rates_file is not None else shipped_rates()
    where = str(rates_file) if rates_file is not None else SHIPPED
    scenarios = ratio_scenarios(observed, rates)
    warnings: list[str] = []
    if not disclosing:
        warnings.append(
            "D counts every voice, not only people who disclosed (supporters, news and opponents "
            "post too): the scenarios overstate the population the rates describe; classify the "
            "posts to divide disclosing voices instead"
        )
    by_id = {rate.id: rate for rate in rates}
    incidents = [s.rate_id for s in scenarios if by_id[s.rate_id].unit != "people"]
    if incidents:
        warnings.append(
            f"rates {incidents} count {', '.join(sorted({by_id[i].unit for i in incidents}))}, "
            "not people: dividing people by them mixes units (a person may have several incidents)"
        )
    if len(scenarios) == 1:
        warnings.append(
            "only one dividing rate was given: add rates from other sources to see how much the "
            "answer depends on the choice"
        )
    if observed == 0:
        warnings.append("D is 0: every scenario is 0; there is nothing to scale")
    context = tuple(rate for rate in rates if rate.use == "context")
    notes = tuple(RATIO_ASSUMPTIONS)
    if not math.isclose(inflation, 1.0):
        notes = (
            *notes,
            f"upper bounds widened by x{inflation:.3f} for days missing from the collection",
        )
    return RatioSection(
        observed, unit, where, scenarios, rates, context, inflation, notes, tuple(warnings)
    )
