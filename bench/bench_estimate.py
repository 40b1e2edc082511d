"""Benchmark: all-two-way log-linear fits and profile intervals for 3, 4 and 5 lists over 10M people."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import duckdb
import numpy as np

from groundswell.methods.capture_recapture import profile_interval
from groundswell.methods.loglinear import capture_patterns, design_matrix, fit_poisson, parse_terms

PROBABILITIES = (0.30, 0.20, 0.25, 0.15, 0.35)
T = TypeVar("T")


def _median(action: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Median wall time of ``repeats`` runs after one untimed warm-up run, and the last result."""
    times = []
    result = action()
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _cells(con: duckdb.DuckDBPyConnection, lists: int) -> np.ndarray:
    """Aggregate people × list membership into histpos-ordered pattern counts, in DuckDB."""
    mask = " + ".join(f"CAST(l{k} AS INTEGER) * {1 << (lists - k)}" for k in range(1, lists + 1))
    rows = dict(
        con.execute(
            f"SELECT {mask} AS mask, count(*) FROM people GROUP BY mask HAVING mask > 0"
        ).fetchall()
    )
    return np.array([rows.get(value, 0) for value in range(2**lists - 1, 0, -1)], dtype=float)


def main() -> None:
    """Print the medians of 3 runs per list count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    started = time.perf_counter()
    columns = ", ".join(f"random() < {p} AS l{k}" for k, p in enumerate(PROBABILITIES, start=1))
    con.execute(f"CREATE TABLE people AS SELECT {columns} FROM range({args.people})")
    print(
        f"generated {args.people:,} people x {len(PROBABILITIES)} lists in "
        f"{time.perf_counter() - started:.2f} s (DuckDB)"
    )
    print(
        f"{'lists':>5} {'cells (s)':>10} {'fit (s)':>9} {'profile CI (s)':>15} {'observed':>11} "
        f"{'N':>12} {'95% CI':>27} {'truth':>11}"
    )
    for lists in (3, 4, 5):
        cell_time, y = _median(partial(_cells, con, lists), args.repeats)
        names = [f"c{k}" for k in range(1, lists + 1)]
        design = design_matrix(capture_patterns(lists), names, parse_terms("all-two-way", names))
        fit_time, fit = _median(partial(fit_poisson, y, design), args.repeats)
        estimate = float(y.sum()) + float(np.exp(fit.coef[0]))
        ci_time, (low, high) = _median(partial(profile_interval, y, design, estimate), args.repeats)
        print(
            f"{lists:>5} {cell_time:>10.3f} {fit_time:>9.4f} {ci_time:>15.3f} {int(y.sum()):>11,} "
            f"{estimate:>12,.0f} [{low:>11,.0f}, {high or float('inf'):>11,.0f}] {args.people:>11,}"
        )
    print(
        f"medians of {args.repeats} runs; all two-way interactions; the profile interval is the "
        "multinomial profile likelihood (Rcapture closedpCI)."
    )


if __name__ == "__main__":
    main()
