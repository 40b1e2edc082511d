"""Shared benchmark helpers: command-line options, medians of timed runs, child peak memory, tables."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PYTHON = sys.executable
MIB = 1024 * 1024


def options(description: str, size: int, quick_size: int, runs: int = 3) -> argparse.Namespace:
    """Parse ``--size N``, ``--runs R`` and ``--quick`` (a smaller default size, for run_all)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", type=int, default=None, help=f"problem size (default {size:,})")
    parser.add_argument("--runs", type=int, default=runs, help=f"runs per figure (default {runs})")
    parser.add_argument(
        "--quick", action="store_true", help=f"smaller default size ({quick_size:,})"
    )
    args = parser.parse_args()
    if args.size is None:
        args.size = quick_size if args.quick else size
    return args


def median(values: Sequence[float]) -> float:
    """The median of some measurements."""
    return float(statistics.median(values))


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Run ``work`` ``runs`` times in this process; return the median wall-clock seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return median(times)


@dataclass(frozen=True)
class ChildRun:
    """One measured subprocess.

    Attributes:
        seconds: wall-clock time from start to exit.
        peak_mib: the child's peak resident memory (max RSS, from ``wait4``), in MiB.
        stdout: what it printed.
        cpu_seconds: user and system CPU of the child and the children it waited for.
        steal: the share of the machine's CPU time the hypervisor gave other guests while the
            child ran (``/proc/stat``; 0.0 where unknown). A job on two cores slows when the
            second one is taken; a job on one thread hardly notices.
    """

    seconds: float
    peak_mib: float
    stdout: str
    cpu_seconds: float = 0.0
    steal: float = 0.0


def _cpu_ticks() -> tuple[int, int]:
    """(all, steal) CPU ticks of the machine so far, from ``/proc/stat`` ((0, 0) where missing)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def run_child(
    command: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> ChildRun:
    """Run ``command``, wait for it with ``os.wait4`` and return its time and its own peak RSS.

    ``wait4`` gives the usage of this one child (and its waited-for children), unlike
    ``getrusage(RUSAGE_CHILDREN)``, which keeps the largest child seen so far. Raises
    ``RuntimeError`` with the child's stderr when it fails.
    """
    start = time.perf_counter()
    ticks_before = _cpu_ticks()
    process = subprocess.Popen(
        [os.fspath(c) for c in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
    )
    out, err = process.stdout, process.stderr
    assert out is not None and err is not None
    sampler = TreeMemory(process.pid)
    sampler.start()
    stdout = out.read()
    stderr = err.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    ticks_after = _cpu_ticks()
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        shown = " ".join(os.fspath(c) for c in command)
        raise RuntimeError(f"{shown} exited {process.returncode}:\n{stderr.decode()[-3000:]}")
    peak = max(usage.ru_maxrss * 1024, sampler.peak_bytes) / MIB
    ticks = ticks_after[0] - ticks_before[0]
    steal = (ticks_after[1] - ticks_before[1]) / ticks if ticks > 0 else 0.0
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(seconds, peak, stdout.decode(), cpu, steal)


class TreeMemory(threading.Thread):
    """Samples the summed proportional set size (PSS) of a process and all its descendants.

    A child's own ``ru_maxrss`` misses the memory of worker processes it starts; PSS counts pages
    shared between a forked worker and its parent once. Sampled every 50 ms, so the peak reported
    is the larger of this sum and the child's own ``ru_maxrss``.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_bytes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.peak_bytes = max(self.peak_bytes, sum(map(_pss, _tree(self.pid))))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def median_child(
    make_command: Callable[[int], Sequence[str | os.PathLike[str]]],
    runs: int,
    *,
    env: dict[str, str] | None = None,
    before: Callable[[int], object] | None = None,
    cwd: Path | None = None,
) -> tuple[float, float, list[ChildRun]]:
    """Run a command ``runs`` times (``before(i)`` first, untimed); return median s, median MiB."""
    results = []
    for i in range(runs):
        if before is not None:
            before(i)
        results.append(run_child(make_command(i), env=env, cwd=cwd))
    return (
        median([r.seconds for r in results]),
        median([r.peak_mib for r in results]),
        results,
    )


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render a plain-text table (numbers right-aligned, floats with thousands separators)."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(headers), rule, *(line(r) for r in cells)])


def verdict(ok: bool) -> str:
    """``met`` or ``NOT met``, for goal lines."""
    return "met" if ok else "NOT met"
