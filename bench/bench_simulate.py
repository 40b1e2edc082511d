"""Benchmark the simulator: posts written per second (median of runs) against the 200,000/s goal.

From 100,000 posts the simulator writes the Twitter files in a second process, so
the figure depends on a second core being free: the table also shows the CPU seconds used (this
process and its children), which a busy machine inflates less than the wall-clock time, and the
one-minute load average after each run (the simulator alone brings it towards 2 on two cores).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median, options, table, verdict  # noqa: E402

from groundswell.simulate import simulate  # noqa: E402

GOAL = 200_000


def _reference_seconds() -> float:
    """A fixed pure-Python workload (1M small f-strings), to tell a slow or busy machine apart."""
    start = time.perf_counter()
    _ = [f'{{"id":"{i}","n":{i * 3}}}' for i in range(1_000_000)]
    return time.perf_counter() - start


def _cpu(t: os.times_result) -> float:
    """User and system CPU seconds of this process and its waited-for children."""
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    args = options(__doc__ or "", size=1_000_000, quick_size=100_000)
    rows, rates = [], []
    for run in range(args.runs):
        out = Path(tempfile.mkdtemp(prefix="gs-bench-simulate-"))
        try:
            before = os.times()
            start = time.perf_counter()
            summary = simulate(out, posts=args.size, seed=run)
            seconds = time.perf_counter() - start
            cpu = _cpu(os.times()) - _cpu(before)
            megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        finally:
            shutil.rmtree(out, ignore_errors=True)
        rates.append(summary.posts_written / seconds)
        load = os.getloadavg()[0]
        rows.append((run + 1, summary.posts_written, seconds, cpu, megabytes, rates[-1], load))
    headers = ["run", "posts", "seconds", "cpu s", "MB", "posts/s", "load 1 min"]
    print(table(f"simulate, {args.size:,} posts", headers, rows))
    print(
        f"reference workload (1M f-strings): {_reference_seconds():.2f} s; ~0.15 s on an idle core"
    )
    rate = median(rates)
    print(f"median {rate:,.0f} posts/s; goal {GOAL:,} posts/s: {verdict(rate >= GOAL)}")


if __name__ == "__main__":
    main()
