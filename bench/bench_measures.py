"""Benchmark the measures engine: the daily voices series against hand-written DuckDB SQL, a full
`measure_movement`, and the same series on Spark local mode.

Usage: ``python bench/bench_measures.py [--size N] [--runs 3] [--quick] [--measure-runs R]
[--spark-runs S] [--skip-spark]``.

The store (default 10,000,000 posts; ``--quick`` 1,000,000) is written straight into ``posts``
with DuckDB SQL: 90 days, more posts early on; 60% originals, 10% replies, 10% quotes, 20%
reposts; one post in ten (two in twenty, one per platform) carries #MeToo and is matched. A
reply, quote or repost references an earlier post on its platform that is matched when it is
(a third of them the first post of their 200,000-post block), so the movement has many
cascades of a few posts and a hundred of over a thousand; 1% of posts are deleted. It is kept in
``bench/out/measures/`` and reused by later runs (delete the file to rebuild it).

Each part runs in its own process, which reports its own peak memory (RSS, with the Spark JVM's
proportional set size added for the Spark part):

* **series**: the daily voices and new voices over the whole history (UTC), through the engine
  (`people_series`, the Ibis expression `measure` uses), against `HAND_SQL`, medians of
  ``--runs`` runs each, interleaved. The window is found once beforehand (its time is shown
  apart): the hand query needs none, and a user who gives ``--from``/``--to`` skips it too.
  Wall time is the figure; CPU time (all threads of the process) is shown too, as it suffers
  less from other work on a shared machine. The rows must be identical.
* **measure**: `measure_movement` on the same store, medians of ``--measure-runs`` runs.
* **Spark**: export to Parquet and connect, then the same series on ``local[2]`` (one run at
  the default size), checked identical to DuckDB's. Reported, not a goal.

Goal: engine series within 1.3x of the hand SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_DIR, PYTHON, run_child, table, verdict  # noqa: E402

from groundswell.store import Store  # noqa: E402

MOVEMENT = "metoo"
STORE_VERSION = 2  # bump when build_store changes, so cached stores are rebuilt
GOAL = 1.3

HAND_SQL = """
WITH per AS (
  SELECT DISTINCT p.platform, p.author, date_trunc('day', p.created_at) AS b
  FROM posts p JOIN matches m ON m.platform = p.platform AND m.id = p.id
  WHERE m.movement = 'metoo' AND NOT p.deleted AND p.author IS NOT NULL
    AND p.kind IN ('original', 'reply', 'quote')),
first AS (SELECT platform, author, min(b) AS b FROM per GROUP BY ALL),
seen AS (SELECT b, count(*) AS people FROM per GROUP BY b),
new AS (SELECT b, count(*) AS new FROM first GROUP BY b)
SELECT coalesce(seen.b, new.b) AS b, coalesce(people, 0) AS people, coalesce(new, 0) AS new
FROM seen FULL JOIN new ON seen.b = new.b ORDER BY 1
"""


def build_store(path: Path, posts: int) -> Store:
    """Fill a store with ``posts`` simulated posts in DuckDB SQL (see the module docstring)."""
    block = 200_000
    store = Store(path)
    con = store.connection
    # i orders posts by time; a non-original references j < i with j = i (mod 20), so the same
    # platform and the same matched-or-not; hash() makes the choices, so the store is the same
    # on every run.
    con.execute(
        f"""
        CREATE TEMP TABLE gen AS
        SELECT i, i % 20 IN (3, 10) AS matched,
               CASE WHEN j IS NULL THEN 'original' ELSE kind END AS kind, j
        FROM (
          SELECT i, kind,
                 CASE WHEN kind = 'original' OR i % {block} < 20 THEN NULL
                      WHEN hash(i * 13) % 10 < 3 THEN i - i % {block} + i % 20
                      WHEN i >= 20 * (1 + hash(i * 17) % 2000)
                      THEN i - 20 * (1 + hash(i * 17) % 2000)
                 END AS j
          FROM (SELECT i, CASE WHEN hash(i * 7) % 100 < 60 THEN 'original'
                               WHEN hash(i * 7) % 100 < 70 THEN 'reply'
                               WHEN hash(i * 7) % 100 < 80 THEN 'quote'
                               ELSE 'repost' END AS kind
                FROM range({posts}) t(i)))
        """
    )
    con.execute(
        f"""
        INSERT INTO posts (platform, id, author, kind, created_at, reply_to_id, quoted_id,
                           reposted_id, hashtags_norm, direct, withheld, deleted, lang)
        SELECT CASE WHEN i % 5 = 0 THEN 'mastodon' ELSE 'twitter' END,
               'p' || i,
               'a' || (hash(i * 7919) % {max(posts // 6, 1)}),
               kind,
               TIMESTAMP '2017-10-01'
                   + to_microseconds((90 * 86400e6 * (i / {posts}) ^ 2)::BIGINT),
               CASE WHEN kind = 'reply' THEN 'p' || j END,
               CASE WHEN kind = 'quote' THEN 'p' || j END,
               CASE WHEN kind = 'repost' THEN 'p' || j END,
               CASE WHEN matched THEN ['metoo', 'timesup'] ELSE ['news'] END,
               true, false, i % 97 = 0, CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END
        FROM gen
        """
    )
    con.execute("DROP TABLE gen")
    con.execute(
        "CREATE TABLE IF NOT EXISTS matches (movement VARCHAR, platform VARCHAR, id VARCHAR, "
        "rule VARCHAR, detail VARCHAR, definition_hash VARCHAR)"
    )
    con.execute(
        "INSERT INTO matches SELECT 'metoo', platform, id, "
        "CASE WHEN kind = 'repost' THEN 'repost of a match' ELSE 'hashtag' END, "
        "CASE WHEN kind = 'repost' THEN 'reposts ' || reposted_id || ' (#MeToo)' "
        "ELSE '#MeToo' END, 'h1' FROM posts WHERE list_contains(hashtags_norm, 'metoo')"
    )
    con.execute("CHECKPOINT")
    return store


def cached_store(posts: int) -> tuple[Path, float | None]:
    """Return the store of ``posts`` posts in bench/out/measures (built when missing, in another
    process so that this one stays small) and the seconds the build took (None: reused)."""
    folder = BENCH_DIR / "out" / "measures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"store-v{STORE_VERSION}-{posts}.duckdb"
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    done = run_child(
        [
            PYTHON,
            __file__,
            "--part",
            "build",
            "--store",
            str(partial),
            "--runs",
            "0",
            "--size",
            str(posts),
        ]
    )
    partial.rename(path)
    return path, done.seconds


def part_build(path: Path, posts: int) -> dict[str, Any]:
    """Build the store at ``path``."""
    build_store(path, posts).close()
    return {}


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run ``action`` once; return wall seconds, CPU seconds (all threads) and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def engine_series(engine: Any, window: Any) -> list[tuple[datetime, int, int]]:
    """The daily voices/new voices series through the Ibis engine, as plain rows."""
    from groundswell.measures.frames import movement_posts
    from groundswell.measures.voices import people_series

    rows = people_series(movement_posts(engine, MOVEMENT), "voice", window)
    found = rows.order_by("b").to_pyarrow().to_pylist()
    return [(r["b"].replace(tzinfo=None), int(r["people"]), int(r["new"])) for r in found]


def whole_history(engine: Any) -> Any:
    """The window of whole UTC days over every matched post."""
    from groundswell.measures.frames import matched_range, resolve_window

    return resolve_window("day", "UTC", None, None, matched_range(engine, MOVEMENT))


def part_series(path: Path, runs: int) -> dict[str, Any]:
    """Hand SQL against the engine, interleaved; medians of wall and CPU seconds."""
    from groundswell.measures import connect

    store = Store(path)
    engine = connect(store)
    window_s, _, window = timed(lambda: whole_history(engine))
    store.connection.execute(HAND_SQL).fetchall()  # once each untimed: columns read from disk
    engine_series(engine, window)
    times: dict[str, list[tuple[float, float]]] = {"hand": [], "engine": []}
    hand: list[tuple[Any, ...]] = []
    ours: list[tuple[Any, ...]] = []
    for _ in range(runs):
        wall, cpu, rows = timed(lambda: store.connection.execute(HAND_SQL).fetchall())
        times["hand"].append((wall, cpu))
        hand = [tuple(r) for r in rows]
        wall, cpu, ours = timed(lambda: engine_series(engine, window))
        times["engine"].append((wall, cpu))
    store.close()
    return {
        "window_s": window_s,
        **{
            f"{name}_{kind}": statistics.median(t[i] for t in pairs)
            for name, pairs in times.items()
            for i, kind in enumerate(("wall", "cpu"))
        },
        "intervals": len(hand),
        "identical": hand == ours,
    }


def part_measure(path: Path, runs: int) -> dict[str, Any]:
    """`measure_movement` on the store; median wall seconds, and the first run's."""
    from groundswell.measures import measure_movement

    store = Store(path)
    walls = []
    for _ in range(runs):
        wall, _, result = timed(lambda: measure_movement(store, MOVEMENT))
        walls.append(wall)
    store.close()
    cascades = result.to_json_dict()["amplifiers"]["cascades"]
    return {
        "median_s": statistics.median(walls),
        "first_s": walls[0],
        "largest_cascade": cascades[0]["size"] if cascades else 0,
    }


def part_spark(path: Path, runs: int) -> dict[str, Any]:
    """Export and connect to Spark local[2], then the series, compared with DuckDB's rows."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from groundswell.measures import connect, spark_session

    store = Store(path)
    duck = connect(store)
    window = whole_history(duck)
    expected = engine_series(duck, window)
    with tempfile.TemporaryDirectory(prefix="gs-bench-spark-") as folder:
        session = spark_session("local[2]", warehouse=Path(folder) / "warehouse")
        session.sparkContext.setLogLevel("ERROR")
        export_s, _, spark = timed(
            lambda: connect(store, "spark", spark_session=session, parquet_dir=Path(folder) / "pq")
        )
        walls = []
        got: list[tuple[Any, ...]] = []
        for _ in range(runs):
            wall, _, got = timed(lambda: engine_series(spark, window))
            walls.append(wall)
        spark.close()
        session.stop()
    store.close()
    return {
        "export_s": export_s,
        "series_s": statistics.median(walls),
        "runs": runs,
        "identical": got == expected,
    }


PARTS: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "series": part_series,
    "measure": part_measure,
    "spark": part_spark,
}


def child(part: str, path: Path, runs: int) -> dict[str, Any]:
    """Run one part in a new process; return its figures with its wall time and peak memory."""
    command = [PYTHON, __file__, "--part", part, "--store", str(path), "--runs", str(runs)]
    done = run_child(command, env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"})
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {**figures, "peak_mib": done.peak_mib, "process_s": done.seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", "--posts", type=int, default=None, help="posts in the store (10,000,000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--quick", action="store_true", help="a store of 1,000,000 posts")
    parser.add_argument(
        "--measure-runs", type=int, default=None, help="full measure runs (default: --runs)"
    )
    parser.add_argument(
        "--spark-runs", type=int, default=None, help="Spark series runs (1 from 5M posts up)"
    )
    parser.add_argument("--skip-spark", action="store_true", help="leave Spark out")
    parser.add_argument("--part", choices=[*sorted(PARTS), "build"], help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "build":
        part_build(args.store, args.size)
        return 0
    if args.part:
        print(json.dumps(PARTS[args.part](args.store, args.runs)))
        return 0
    size = args.size or (1_000_000 if args.quick else 10_000_000)
    started = time.perf_counter()
    path, built = cached_store(size)
    print(
        f"store of {size:,} posts: "
        + (f"built in {built:.0f} s" if built is not None else f"reused ({path.name})"),
        flush=True,
    )
    series = child("series", path, args.runs)
    print(f"series done: {json.dumps(series)}", flush=True)
    measure_runs = args.measure_runs or args.runs
    measure = child("measure", path, measure_runs)
    print(f"measure done: {json.dumps(measure)}", flush=True)
    spark = None
    if not args.skip_spark:
        spark_runs = args.spark_runs or (1 if size >= 5_000_000 else args.runs)
        spark = child("spark", path, spark_runs)
        print(f"spark done: {json.dumps(spark)}", flush=True)
    ratio = series["engine_wall"] / series["hand_wall"]
    cpu_ratio = series["engine_cpu"] / series["hand_cpu"]
    rows: list[list[object]] = [
        [
            "daily voices/new voices, engine",
            series["engine_wall"],
            series["engine_cpu"],
            series["peak_mib"],
        ],
        ["same, hand-written DuckDB SQL", series["hand_wall"], series["hand_cpu"], ""],
        ["finding the window (once, not in the series)", series["window_s"], "", ""],
        [
            f"full measure_movement ({measure_runs} runs, first {measure['first_s']:.1f} s)",
            measure["median_s"],
            "",
            measure["peak_mib"],
        ],
    ]
    if spark is not None:
        rows.append(["Spark: export to Parquet + connect", spark["export_s"], "", ""])
        rows.append(
            [
                f"Spark local[2]: series ({spark['runs']} run{'s' * (spark['runs'] > 1)})",
                spark["series_s"],
                "",
                spark["peak_mib"],
            ]
        )
    print()
    print(
        table(
            f"measures on {size:,} posts (medians of {args.runs}; peak: that part's process, "
            "Spark's JVM included)",
            ["what", "wall s", "CPU s", "peak MiB"],
            rows,
        )
    )
    same = series["identical"] and (spark is None or spark["identical"])
    print(
        f"\nengine / hand SQL: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (goal <= {GOAL}x: "
        f"{verdict(ratio <= GOAL)}); rows identical: {series['identical']}"
        + ("" if spark is None else f"; Spark rows identical to DuckDB's: {spark['identical']}")
    )
    if spark is not None:
        print(
            f"Spark series / DuckDB engine series: {spark['series_s'] / series['engine_wall']:.1f}x"
        )
    print(
        f"largest cascade: {measure['largest_cascade']:,} posts; "
        f"total bench time {time.perf_counter() - started:.0f} s; finished {datetime.now():%Y-%m-%d %H:%M}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
