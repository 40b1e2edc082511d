"""A small simulated movement in a store, with the true category of every stored post."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.simulate import simulate

runner = CliRunner()


def invoke(*args: str) -> str:
    """Run a command in-process; fail when it exits non-zero; return its output on one line."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # Rich wraps lines at the terminal width


def simulated_store(
    tmp_path: Path, key_file: Path, seed: int, posts: int = 3000
) -> tuple[Path, Path, dict[tuple[str, str], str]]:
    """Simulate, ingest and match; return the store, the movement file and true categories by key."""
    sim, db = tmp_path / f"sim{seed}", tmp_path / f"s{seed}.duckdb"
    simulate(sim, posts=posts, seed=seed)
    invoke("ingest", str(sim / "data"), "--db", str(db))
    invoke("match", "--movement", str(sim / "movement.toml"), "--db", str(db))
    pseudonyms = Pseudonymizer(load_or_create_key(key_file))
    truth = {
        (str(r["platform"]), pseudonyms.scrub_post_id(str(r["platform"]), r["id"])): str(
            r["category"]
        )
        for r in pq.read_table(sim / "truth_categories.parquet").to_pylist()
    }
    return db, sim / "movement.toml", truth
