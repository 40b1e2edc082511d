"""`kill -9` in the middle of an ingest, then the same command again, gives a clean ingest's result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from groundswell.devtools.replicate import write_replicated

CLI = [sys.executable, "-m", "groundswell.cli.main"]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + args, env=env, capture_output=True, text=True, timeout=600)


def _status(db: Path, env: dict[str, str]) -> dict[str, object]:
    result = _run(["status", "--db", str(db), "--json"], env)
    assert result.returncode == 0, result.stderr
    status: dict[str, object] = json.loads(result.stdout)
    del status["db"]
    return status


def test_kill_during_ingest_then_rerun_equals_a_clean_ingest(shared_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    write_replicated(shared_data / "platforms/twitter-v2/entities_test.jsonl", source, 12_000)
    env = {**os.environ, "GROUNDSWELL_KEY_FILE": str(tmp_path / "key")}
    ingest_args = ["ingest", str(source), "--batch-size", "500"]

    clean_db = tmp_path / "clean.duckdb"
    started = time.monotonic()
    assert _run([*ingest_args, "--db", str(clean_db)], env).returncode == 0
    clean_seconds = time.monotonic() - started
    clean = _status(clean_db, env)
    assert clean["direct_posts"] >= 12_000

    crashed_db = tmp_path / "crashed.duckdb"
    process = subprocess.Popen(CLI + [*ingest_args, "--db", str(crashed_db)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(max(clean_seconds * 0.5, 1.0))
    was_running = process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if was_running:
        partial = _status(crashed_db, env)
        assert partial["direct_posts"] < clean["direct_posts"]  # it really stopped part way

    assert _run([*ingest_args, "--db", str(crashed_db)], env).returncode == 0
    assert _status(crashed_db, env) == clean
