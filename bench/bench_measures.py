"""Benchmark the measures engine against hand-written DuckDB SQL, a full run, and Spark local mode.

Usage: ``python bench/bench_measures.py [--posts N] [--full-posts M] [--spark-posts K]``.
Prints medians of 3 runs, the engine/SQL ratio (goal <= 1.3) and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from groundswell.measures import connect, measure_movement
from groundswell.measures.frames import matched_range, movement_posts, resolve_window
from groundswell.measures.voices import people_series
from groundswell.store import Store

MOVEMENT = "metoo"

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


def build_store(path: Path, posts: int, seed: int = 7) -> Store:
    """Fill a store with ``posts`` simulated posts in DuckDB SQL (10% match; 90 days)."""
    store = Store(path)
    con = store.connection
    con.execute(f"SELECT setseed({seed / 100})")
    con.execute(
        f"""
        INSERT INTO posts (platform, id, author, kind, created_at, hashtags_norm, direct,
                           withheld, deleted, lang)
        SELECT CASE WHEN i % 5 = 0 THEN 'mastodon' ELSE 'twitter' END,
               'p' || i::VARCHAR,
               'a' || (hash(i * 7919) % {max(posts // 6, 1)})::VARCHAR,
               CASE WHEN i % 10 < 6 THEN 'original' WHEN i % 10 < 7 THEN 'reply'
                    WHEN i % 10 < 8 THEN 'quote' ELSE 'repost' END,
               TIMESTAMP '2017-10-01' + to_microseconds(
                   (random() * random() * 90 * 86400 * 1e6)::BIGINT),
               CASE WHEN i % 10 = 3 THEN ['metoo', 'timesup'] ELSE ['news'] END,
               true, false, i % 97 = 0, CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END
        FROM range({posts}) t(i)
        """
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS matches (movement VARCHAR, platform VARCHAR, id VARCHAR, "
        "rule VARCHAR, detail VARCHAR, definition_hash VARCHAR)"
    )
    con.execute(
        "INSERT INTO matches SELECT 'metoo', platform, id, CASE WHEN kind = 'repost' THEN "
        "'repost of a match' ELSE 'hashtag' END, '#MeToo', 'h1' FROM posts "
        "WHERE list_contains(hashtags_norm, 'metoo')"
    )
    con.execute("CHECKPOINT")
    return store


def median_time(action: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """Return the median wall time of ``runs`` calls and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def engine_series(engine: Any) -> list[dict[str, Any]]:
    """The daily voices/new-voices series through the Ibis engine (whole history, UTC)."""
    window = resolve_window("day", "UTC", None, None, matched_range(engine, MOVEMENT))
    rows = people_series(movement_posts(engine, MOVEMENT), "voice", window)
    out: list[dict[str, Any]] = rows.order_by("b").to_pyarrow().to_pylist()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000_000)
    parser.add_argument(
        "--full-posts", type=int, default=1_000_000, help="store size of the full run"
    )
    parser.add_argument("--spark-posts", type=int, default=1_000_000)
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gs-bench-"))

    start = time.perf_counter()
    store = build_store(folder / "big.duckdb", args.posts)
    print(f"store of {args.posts:,} posts built in {time.perf_counter() - start:.1f} s")
    engine = connect(store)
    hand_t, hand = median_time(lambda: store.connection.execute(HAND_SQL).fetchall())
    ibis_t, ours = median_time(lambda: engine_series(engine))
    same = [(r["b"], r["people"], r["new"]) for r in ours] == [tuple(r) for r in hand]
    print(
        f"daily voices/new voices: hand SQL {hand_t:.3f} s, engine {ibis_t:.3f} s, "
        f"ratio {ibis_t / hand_t:.2f} (goal <= 1.3), identical: {same}"
    )
    store.close()

    small = build_store(folder / "full.duckdb", args.full_posts)
    full_t, _ = median_time(lambda: measure_movement(small, MOVEMENT))
    print(f"full measure_movement on {args.full_posts:,} posts: {full_t:.2f} s")
    print(f"peak memory so far: {peak_mb():.0f} MB")
    small.close()

    if not args.skip_spark:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        from groundswell.measures import spark_session

        spark_store = build_store(folder / "spark.duckdb", args.spark_posts)
        session = spark_session("local[2]", warehouse=folder / "warehouse")
        session.sparkContext.setLogLevel("ERROR")
        export_t, spark = median_time(
            lambda: connect(spark_store, "spark", spark_session=session), 1
        )
        duck = connect(spark_store)
        duck_t, expected = median_time(lambda: engine_series(duck))
        spark_t, got = median_time(lambda: engine_series(spark))
        print(
            f"Spark local[2] on {args.spark_posts:,} posts: export+connect {export_t:.1f} s, "
            f"series {spark_t:.2f} s vs DuckDB {duck_t:.3f} s (ratio {spark_t / duck_t:.1f}), "
            f"identical: {_plain(got) == _plain(expected)}"
        )
        spark.close()
        session.stop()
    print(f"peak memory (this process, without the Spark JVM): {peak_mb():.0f} MB")
    print(f"finished {datetime.now():%Y-%m-%d %H:%M:%S}")


def _plain(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["b"].replace(tzinfo=None), r["people"], r["new"]) for r in rows]


if __name__ == "__main__":
    main()
