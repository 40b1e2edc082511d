"""The demo: simulate a movement with known truth, ingest, match, measure, estimate, report, check."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from groundswell.store import IngestOptions, Store, ingest
from groundswell.store.ingest import Progress

# The demo's default size: the "about a million posts". Measured on a shared 2-core
# machine: simulate 7 s, ingest 170 s, match, measure, estimate and report 39 s.
DEMO_POSTS = 1_000_000
DEMO_SEED = 0


class StageProgress(Progress, Protocol):
    """Receives the demo's stages, and the ingest's files."""

    def stage(self, name: str) -> None:
        """A stage starts."""


@dataclass
class Check:
    """One comparison of a measured figure with the simulation's truth."""

    name: str
    measured: object
    truth: object
    ok: bool


@dataclass
class DemoResult:
    """What the demo made and how its numbers compare with the truth."""

    out_dir: Path
    report: Path
    result: dict[str, Any]
    checks: list[Check] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def all_ok(self) -> bool:
        """True when every measured figure equals the truth."""
        return all(check.ok for check in self.checks)


def _simulation_is_current(folder: Path, posts: int, seed: int) -> bool:
    params = folder / "demo-params.json"
    return (
        (folder / "truth.json").exists()
        and params.exists()
        and json.loads(params.read_text()) == {"posts": posts, "seed": seed}
    )


def _day(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def compare_with_truth(result: dict[str, Any], truth: dict[str, Any]) -> list[Check]:
    """Compare the measured headline and daily series with ``truth.json``."""
    checks = [
        Check(
            f"total {key}",
            result["totals"][key],
            truth["totals"][key],
            result["totals"][key] == truth["totals"][key],
        )
        for key in ("posts", "voices", "amplifiers")
    ]
    measured = {item["start"][:10]: item for item in result["series"]}
    for key in ("voices", "new_voices", "amplifiers", "posts"):
        wrong = [
            day["date"]
            for day in truth["daily"]
            if measured.get(day["date"], {}).get(key, 0) != day[key]
        ]
        checks.append(
            Check(
                f"daily {key.replace('_', ' ')}",
                f"{len(wrong)} days differ",
                f"{len(truth['daily'])} days",
                not wrong,
            )
        )
    ignition = result["origin"].get("ignition")
    true_ignition = _day(truth["ignition"])
    gap = abs((_day(ignition) - true_ignition).total_seconds()) if ignition else float("inf")
    checks.append(Check("ignition within one day", ignition, truth["ignition"], gap <= 86_400))
    seeds = result["origin"].get("seed_posts") or []
    cta = truth["call_to_action"]
    first = seeds[0] if seeds else {}
    checks.append(
        Check(
            "call to action ranked first",
            first.get("id"),
            cta["id"],
            first.get("platform") == cta["platform"] and first.get("id") == cta["id"],
        )
    )
    return checks


def run_demo(
    out_dir: Path,
    *,
    posts: int = DEMO_POSTS,
    seed: int = DEMO_SEED,
    progress: StageProgress | None = None,
) -> DemoResult:
    """Run the whole job on a simulated movement in ``out_dir``; reuse what a previous run made.

    The simulated data get their own key file (``out_dir/demo.key``), so the demo never touches
    the key of your real collections.
    """
    from groundswell.jobs.report_job import build_report
    from groundswell.simulate import simulate

    out_dir.mkdir(parents=True, exist_ok=True)
    simulation = out_dir / "simulation"
    key_file = out_dir / "demo.key"
    seconds: dict[str, float] = {}

    def stage(name: str) -> float:
        if progress:
            progress.stage(name)
        return time.perf_counter()

    started = stage("simulate")
    if not _simulation_is_current(simulation, posts, seed):
        simulate(simulation, posts=posts, seed=seed)
        (simulation / "demo-params.json").write_text(json.dumps({"posts": posts, "seed": seed}))
    seconds["simulate"] = time.perf_counter() - started
    truth = json.loads((simulation / "truth.json").read_text())
    movement = str(simulation / "movement.toml")
    links = simulation / "identity_links.csv"
    with Store(out_dir / "demo.duckdb") as store:
        started = stage("ingest")
        ingest(store, [simulation / "data"], IngestOptions(key_file=key_file), progress)
        seconds["ingest"] = time.perf_counter() - started
        started = stage("match, measure, estimate and report")
        files, result = build_report(
            store,
            movement,
            out_dir / "report",
            key_file=key_file,
            identity_links=links if links.exists() else None,
        )
        seconds["match, measure, estimate and report"] = time.perf_counter() - started
    return DemoResult(out_dir, files.html, result, compare_with_truth(result, truth), seconds)
