"""Benchmark movement matching over a large store against a plain DuckDB hashtag regex scan.

Two ratios to the regex scan (the practical limit, which only counts the texts with a variant
hashtag and writes nothing): (a) the hashtag stage alone, the SQL that finds every post carrying
a variant and which one; (b) the whole match job on a store with no matches of the movement yet
(hashtags, phrases, reposts, roles, matches and roles written, committed). A re-match of an
unchanged store, which writes nothing, is shown too. The runs of all four are interleaved so that
load from other processes falls on each alike.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_DIR, median, options, table, verdict  # noqa: E402

from groundswell.movements import load_movement  # noqa: E402
from groundswell.store import Store  # noqa: E402
from groundswell.store.match_sql import drop_stage_tables, hashtag_hits  # noqa: E402
from groundswell.store.matching import match_movement  # noqa: E402

OUT = BENCH_DIR / "out" / "match"
GOAL = 2.0
MOVEMENT = "metoo"
# Everyday hashtags; numbered topics are added to make a long tail.
COMMON = [
    "news",
    "politics",
    "brexit",
    "kpop",
    "music",
    "love",
    "covid",
    "election",
    "football",
    "art",
    "climate",
    "tech",
    "bts",
    "nba",
    "travel",
    "food",
    "photography",
    "fashion",
    "women",
    "justice",
    "harassment",
    "hollywood",
    "breaking",
    "tbt",
    "ff",
    "mondaymotivation",
]
# Written forms of the movement's tags as people type them (the store keeps them case-folded).
MOVEMENT_TAGS = [
    "metoo",
    "metoo",
    "metoo",
    "metoo",
    "metoomovement",
    "balancetonporc",
    "moiaussi",
    "yotambién",
    "yotambien",
    "quellavoltache",
    "米兔",
    "我也是",
    "미투",
    "גםאני",
    "ikook",
    "metooindia",
    "أنا_كمان",
]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate(db: Path, posts: int) -> None:
    """Write ``posts`` rows straight into a store's posts table: ~5% carry a movement hashtag,
    ~1% of own-words texts say "me too", a quarter are reposts of earlier posts."""
    db.unlink(missing_ok=True)
    db.with_name(db.name + ".wal").unlink(missing_ok=True)
    with Store(db) as store:
        store.connection.execute(
            f"""
            INSERT INTO posts
            WITH base AS (
                SELECT i, (hash(i) % 1000000007)::BIGINT AS h,
                       (hash(i + 1000000007) % 1000)::BIGINT AS u,
                       (hash(i + 2000000011) % 1000)::BIGINT AS w,
                       {_sql_list(COMMON)} AS common, {_sql_list(MOVEMENT_TAGS)} AS movement
                FROM range({posts}) t(i)),
            shaped AS (
                SELECT *,
                    CASE WHEN u < 600 THEN 'original' WHEN u < 850 THEN 'repost'
                         WHEN u < 950 THEN 'reply' ELSE 'quote' END AS kind,
                    CASE
                        WHEN w < 50 THEN [movement[1 + h % len(movement)],
                                          common[1 + (h // 7) % len(common)]]
                        WHEN w < 450 THEN [common[1 + h % len(common)]]
                        WHEN w < 650 THEN [common[1 + h % len(common)],
                                           'topic' || ((h // 13) % 5000)]
                        ELSE []::VARCHAR[] END AS tags
                FROM base)
            SELECT 'twitter', 'b' || i, 'p_' || lpad(printf('%x', h % 300000), 20, '0'), NULL,
                kind, TIMESTAMP '2017-10-01' + to_seconds(i * 3), 0,
                CASE WHEN kind = 'repost' THEN NULL ELSE
                    'words about the day ' || (CASE WHEN w % 97 = 0 THEN 'me too, ' ELSE '' END)
                    || 'and more words ' || array_to_string(['#' || t FOR t IN tags], ' ')
                END,
                'en', CASE WHEN kind = 'reply' THEN 'b' || greatest(i - 1 - h % 5000, 0) END, NULL,
                CASE WHEN kind = 'quote' THEN 'b' || greatest(i - 1 - h % 5000, 0) END,
                CASE WHEN kind = 'repost' THEN 'b' || greatest(i - 1 - h % 5000, 0) END,
                NULL, tags, tags, []::VARCHAR[], []::VARCHAR[], 0, 0, 0, 0, true, false,
                []::VARCHAR[], false, 'generated', i, 0, 'twitter-v2', NULL
            FROM shaped"""
        )


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    """Measure and print the table, both ratios and the goal."""
    args = options(__doc__ or "", size=1_000_000, quick_size=1_000_000)
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "match.duckdb"
    generate(db, args.size)
    movement = load_movement(MOVEMENT)
    pattern = "#(" + "|".join(re.escape(k) for k in sorted(movement.variant_keys())) + ")"
    counts: dict[str, int] = {}
    times: dict[str, list[float]] = {"regex": [], "hashtags": [], "fresh": [], "rematch": []}
    with Store(db) as store:
        con = store.connection
        summary = match_movement(store, movement)  # warm the file cache once, untimed

        def scan() -> None:
            row = con.execute(
                "SELECT count(*) FROM posts WHERE regexp_matches(text, ?, 'i')", [pattern]
            ).fetchone()
            counts["regex"] = int(row[0]) if row else 0

        def hashtags() -> None:
            counts["hashtags"] = hashtag_hits(con, movement)

        def forget() -> None:
            con.execute("DELETE FROM matches WHERE movement = ?", [MOVEMENT])
            con.execute("DELETE FROM roles WHERE movement = ?", [MOVEMENT])

        for _ in range(args.runs):
            times["regex"].append(_seconds(scan))
            times["hashtags"].append(_seconds(hashtags))
            drop_stage_tables(con)
            forget()  # untimed: the next run matches a store without this movement's matches
            times["fresh"].append(_seconds(lambda: match_movement(store, movement)))
            times["rematch"].append(_seconds(lambda: match_movement(store, movement)))
    db.unlink(missing_ok=True)
    regex_s, hashtags_s = median(times["regex"]), median(times["hashtags"])
    fresh_s, rematch_s = median(times["fresh"]), median(times["rematch"])
    size = args.size
    rows = [
        ["DuckDB regexp_matches on text (limit)", size, regex_s, size / regex_s, counts["regex"]],
        ["(a) groundswell hashtag stage", size, hashtags_s, size / hashtags_s, counts["hashtags"]],
        [
            "(b) groundswell match_movement, new",
            size,
            fresh_s,
            size / fresh_s,
            summary.matched_posts,
        ],
        [
            "groundswell match_movement, unchanged",
            size,
            rematch_s,
            size / rematch_s,
            summary.matched_posts,
        ],
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"store of {size:,} generated posts; medians of {args.runs} interleaved runs; "
        f"load average after: {load} on {os.cpu_count()} CPUs"
    )
    print(table("\nmatch", ["what", "posts", "seconds", "posts/s", "found"], rows))
    by_rule = ", ".join(f"{rule} {n:,}" for rule, n in summary.by_rule.items())
    print(
        f"\nfound: the regex counts texts with a variant hashtag; the hashtag stage counts posts "
        f"carrying a variant (reposts included); match_movement counts matched posts "
        f"({by_rule}; voices {summary.voices:,}, amplifiers {summary.amplifiers:,})"
    )
    ratio_a, ratio_b = hashtags_s / regex_s, fresh_s / regex_s
    print(f"(a) hashtag stage / regex time: {ratio_a:.2f}×")
    print(f"(b) whole match job (phrases, reposts, roles, writes) / regex time: {ratio_b:.2f}×")
    print(
        f"    re-matching an unchanged store (nothing written) / regex time: "
        f"{rematch_s / regex_s:.2f}×"
    )
    print(
        f"goal: within {GOAL:g}× of the regex scan: hashtag stage {verdict(ratio_a <= GOAL)}, "
        f"whole job {verdict(ratio_b <= GOAL)}"
    )


if __name__ == "__main__":
    main()
