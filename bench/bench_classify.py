"""Benchmark the shipped post classifier: posts/s on 2 cores, peak memory, and macro-F1 on the real evaluation set.

    .venv/bin/python bench/bench_classify.py [--size 200000] [--runs 3] [--quick]

Reads texts from ../shared/data (never copied). Prints the median of the repeats for: one process
(wall clock and CPU time), two worker processes (wall clock: the "2 cores" number), peak resident
memory, and the evaluation-set scores. On a shared machine wall-clock rates fall with the load
average, which is printed alongside; posts per CPU-second is the load-independent figure.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one process per core; no BLAS thread fights
os.environ.setdefault("OMP_NUM_THREADS", "1")

import multiprocessing as mp  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, options, verdict  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))  # for tests.classify.eval_set
GOAL = 20_000  # posts/s on 2 cores

from tests.classify.eval_set import SEMICOLON, STREAM, TIMELINES, load_eval_set, source_texts  # noqa: E402

from groundswell.classify import Classifier, evaluate  # noqa: E402

_MODEL: Classifier | None = None


def _corpus(n: int) -> list[str]:
    texts: list[str] = []
    for source in (TIMELINES, SEMICOLON, STREAM):
        texts += list(source_texts(SHARED, source).values())
    return (texts * (n // len(texts) + 1))[:n]


def _work(texts: list[str]) -> int:
    global _MODEL
    if _MODEL is None:
        _MODEL = Classifier.load_default()
    return len(_MODEL.predict(texts))


def main() -> None:
    args = options(__doc__.splitlines()[0], size=200_000, quick_size=20_000)
    texts = _corpus(args.size)
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"{len(texts):,} posts (real #MeToo texts, repeated), mean {mean_len:.0f} characters")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    model = Classifier.load_default()
    model.predict(texts[:1000])  # warm up
    wall, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        model.predict(texts)
        wall.append(len(texts) / (time.perf_counter() - t0))
        cpu.append(len(texts) / (time.process_time() - c0))
    print(
        f"1 process : {statistics.median(wall):>9,.0f} posts/s wall, {statistics.median(cpu):,.0f} posts per CPU-second"
    )

    half = len(texts) // 2
    two = []
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(_work, [texts[:1000], texts[:1000]])  # load the model in each worker
        for _ in range(args.runs):
            t0 = time.perf_counter()
            pool.map(_work, [texts[:half], texts[half:]])
            two.append(len(texts) / (time.perf_counter() - t0))
    print(f"2 processes: {statistics.median(two):>9,.0f} posts/s wall (median of {args.runs})")
    print(
        f"goal {GOAL:,} posts/s on 2 cores: wall {verdict(statistics.median(two) >= GOAL)}, "
        f"CPU-time estimate (2 x posts per CPU-second) {verdict(2 * statistics.median(cpu) >= GOAL)}"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:,.0f} MB (main process), {kids:,.0f} MB (largest worker)")

    posts = load_eval_set(SHARED)
    ev = evaluate(model, [p.text for p in posts], [p.label for p in posts])
    print("evaluation set (hand-labelled real posts, never trained on):")
    print(ev.table())


if __name__ == "__main__":
    main()
