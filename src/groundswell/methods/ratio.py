"""Ratio scenarios N = D / d: scale an observed count by sourced disclosure or reporting rates."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from statistics import NormalDist
from typing import Any

from groundswell.errors import EstimationError

__all__ = [
    "RATIO_ASSUMPTIONS",
    "Rate",
    "RatioScenario",
    "load_rates",
    "ratio_scenario",
    "ratio_scenarios",
    "shipped_rates",
]

RATIO_ASSUMPTIONS: tuple[str, ...] = (
    "the rate transfers: the share measured by the survey (its population, years and channel, e.g. police reports) "
    "equals the share of this movement's population who post",
    "the observed count D counts people of the same kind (and unit) as the rate's denominator, each once",
    "the rate's uncertainty is log-normal; D itself is taken as exact",
)

_REQUIRED = {
    "id": str,
    "kind": str,
    "unit": str,
    "use": str,
    "estimate": float,
    "statement": str,
    "source": str,
    "url": str,
    "year": int,
}


@dataclass(frozen=True)
class Rate:
    """A sourced rate: ``estimate`` in (0, 1] with a 95% interval ``ci`` (published or assumed)."""

    id: str
    kind: str
    unit: str
    use: str
    estimate: float
    ci: tuple[float, float]
    interval_note: str
    statement: str
    source: str
    url: str
    year: int

    @property
    def log_se(self) -> float:
        """Standard error of ``log d`` implied by the 95% interval."""
        return (math.log(self.ci[1]) - math.log(self.ci[0])) / (
            2 * float(NormalDist().inv_cdf(0.975))
        )

    @classmethod
    def from_se(
        cls, id: str, estimate: float, se: float, source: str, year: int, **fields: str
    ) -> Rate:
        """Build a rate from an SE on the rate scale (delta method: se(log d) = se / d)."""
        if not 0 < estimate <= 1 or se <= 0:
            raise EstimationError(
                f"rate {id!r}: need 0 < estimate <= 1 and se > 0, got {estimate}, {se}"
            )
        half = float(NormalDist().inv_cdf(0.975)) * se / estimate
        ci = (estimate * math.exp(-half), min(1.0, estimate * math.exp(half)))
        return cls(
            id,
            fields.get("kind", "rate"),
            fields.get("unit", "people"),
            "divide",
            estimate,
            ci,
            f"from se = {se} on the rate scale",
            fields.get("statement", ""),
            source,
            fields.get("url", ""),
            year,
        )


@dataclass(frozen=True)
class RatioScenario:
    """One scenario: ``N = observed / rate`` with its 95% interval and where the rate comes from."""

    observed: float
    rate_id: str
    rate: float
    N: float
    ci: tuple[float, float]
    source: str
    year: int
    statement: str
    assumptions: tuple[str, ...]


def ratio_scenario(observed: float, rate: Rate, alpha: float = 0.05) -> RatioScenario:
    """Scale ``observed`` by one rate; the interval propagates the rate's log-scale error."""
    if observed < 0 or not math.isfinite(observed):
        raise EstimationError(f"the observed count must be finite and >= 0, got {observed}")
    if rate.use != "divide":
        raise EstimationError(
            f"{rate.id!r} is a {rate.kind} ({rate.use} only), not a rate to divide by"
        )
    z = float(NormalDist().inv_cdf(1 - alpha / 2))
    estimate = observed / rate.estimate
    spread = math.exp(z * rate.log_se)
    notes = (
        *RATIO_ASSUMPTIONS,
        f"rate: {rate.statement} ({rate.source}, {rate.year}); interval {rate.interval_note or 'published'}",
    )
    return RatioScenario(
        observed,
        rate.id,
        rate.estimate,
        estimate,
        (estimate / spread, estimate * spread),
        rate.source,
        rate.year,
        rate.statement,
        notes,
    )


def ratio_scenarios(
    observed: float, rates: Iterable[Rate], alpha: float = 0.05
) -> tuple[RatioScenario, ...]:
    """Side-by-side scenarios for every dividing rate, smallest estimate first."""
    chosen = [rate for rate in rates if rate.use == "divide"]
    if not chosen:
        raise EstimationError('no rate with use = "divide" was given; add one to the rates file')
    return tuple(
        sorted((ratio_scenario(observed, rate, alpha) for rate in chosen), key=lambda s: s.N)
    )


def shipped_rates() -> tuple[Rate, ...]:
    """The sourced rates shipped in ``methods/data/disclosure_rates.toml``."""
    text = (
        resources.files("groundswell.methods")
        .joinpath("data/disclosure_rates.toml")
        .read_text("utf-8")
    )
    return _parse(text, "disclosure_rates.toml (shipped)")


def load_rates(path: str | Path) -> tuple[Rate, ...]:
    """Load a user-supplied rates file of the shipped file's shape, with errors that say how to fix it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise EstimationError(
            f"{path}: cannot read the rates file ({error.strerror}); check the path"
        ) from error
    return _parse(text, str(path))


def _parse(text: str, where: str) -> tuple[Rate, ...]:
    """Parse and validate a rates TOML document."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EstimationError(f"{where}: not valid TOML ({error}); fix the syntax") from error
    entries = document.get("rate")
    if not isinstance(entries, list) or not entries:
        raise EstimationError(
            f"{where}: no [[rate]] tables; add at least one (see the shipped disclosure_rates.toml)"
        )
    rates = [_rate(entry, where, position) for position, entry in enumerate(entries, start=1)]
    ids = [rate.id for rate in rates]
    duplicates = sorted({rate_id for rate_id in ids if ids.count(rate_id) > 1})
    if duplicates:
        raise EstimationError(f"{where}: rate ids must be unique, repeated: {duplicates}")
    return tuple(rates)


def _rate(entry: Any, where: str, position: int) -> Rate:
    """Validate one [[rate]] table."""
    label = f"{where}, [[rate]] #{position}"
    if not isinstance(entry, dict):
        raise EstimationError(f"{label}: must be a table")
    label = f"{label} ({entry.get('id', 'no id')})"
    for key, kind in _REQUIRED.items():
        value = entry.get(key)
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            if kind is float
            else isinstance(value, kind)
        )
        if not ok:
            raise EstimationError(
                f"{label}: field {key!r} must be a {kind.__name__}, got {value!r}"
            )
    if entry["use"] not in ("divide", "context"):
        raise EstimationError(f'{label}: use must be "divide" or "context", got {entry["use"]!r}')
    estimate = float(entry["estimate"])
    ci = _interval(entry, estimate, label)
    if not 0 < ci[0] <= estimate <= ci[1] <= 1:
        raise EstimationError(
            f"{label}: need 0 < ci low <= estimate <= ci high <= 1, got {ci} around {estimate}"
        )
    return Rate(
        entry["id"],
        entry["kind"],
        entry["unit"],
        entry["use"],
        estimate,
        ci,
        str(entry.get("interval_note", "")),
        entry["statement"],
        entry["source"],
        entry["url"],
        entry["year"],
    )


def _interval(entry: dict[str, Any], estimate: float, label: str) -> tuple[float, float]:
    """The 95% interval from ``ci = [low, high]`` or ``se``; one of them is required."""
    if "ci" in entry:
        bounds: Sequence[Any] = entry["ci"]
        if (
            not isinstance(bounds, list)
            or len(bounds) != 2
            or not all(isinstance(b, (int, float)) for b in bounds)
        ):
            raise EstimationError(f"{label}: ci must be [low, high], got {bounds!r}")
        return (float(bounds[0]), float(bounds[1]))
    if "se" in entry:
        se = entry["se"]
        if not isinstance(se, (int, float)) or se <= 0 or not 0 < estimate <= 1:
            raise EstimationError(
                f"{label}: se must be a number > 0 and estimate in (0, 1], got {se!r}"
            )
        half = float(NormalDist().inv_cdf(0.975)) * float(se) / estimate
        return (estimate * math.exp(-half), min(1.0, estimate * math.exp(half)))
    raise EstimationError(
        f"{label}: give the rate's uncertainty as ci = [low, high] or se = ...; if none is published, "
        "state an assumed ci and say so in interval_note"
    )
