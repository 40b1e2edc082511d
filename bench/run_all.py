"""Run every bench/bench_*.py in turn with ``--quick`` (about 15 minutes) and print each one's output."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    """Run the benchmarks; return non-zero when any of them failed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--full", action="store_true", help="use each benchmark's full default size, not --quick"
    )
    parser.add_argument("--runs", type=int, default=None, help="passed on as --runs")
    parser.add_argument("only", nargs="*", help="run only these (e.g. ingest match)")
    args = parser.parse_args()
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    failed = []
    for script in scripts:
        command = [sys.executable, str(script)]
        if not args.full:
            command.append("--quick")
        if args.runs is not None:
            command += ["--runs", str(args.runs)]
        print(f"\n=== {script.name} {' '.join(command[2:])}", flush=True)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=BENCH_DIR.parent, check=False)
        print(f"=== {script.name}: {time.perf_counter() - start:,.0f} s", flush=True)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
