"""Benchmark the simulator: posts written per second (median of runs) against the 200,000/s goal."""

from __future__ import annotations

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


def main() -> None:
    args = options(__doc__ or "", size=1_000_000, quick_size=100_000)
    rows, rates = [], []
    for run in range(args.runs):
        out = Path(tempfile.mkdtemp(prefix="gs-bench-simulate-"))
        try:
            start = time.perf_counter()
            summary = simulate(out, posts=args.size, seed=run)
            seconds = time.perf_counter() - start
            megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        finally:
            shutil.rmtree(out, ignore_errors=True)
        rates.append(summary.posts_written / seconds)
        rows.append((run + 1, summary.posts_written, seconds, megabytes, rates[-1]))
    print(
        table(f"simulate, {args.size:,} posts", ["run", "posts", "seconds", "MB", "posts/s"], rows)
    )
    print(
        f"reference workload (1M f-strings): {_reference_seconds():.2f} s; ~0.15 s on an idle core"
    )
    rate = median(rates)
    print(f"median {rate:,.0f} posts/s; goal {GOAL:,} posts/s: {verdict(rate >= GOAL)}")


if __name__ == "__main__":
    main()
