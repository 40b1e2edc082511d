"""Benchmark movement matching over a large store against a plain DuckDB hashtag regex scan."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_DIR, median_seconds, options, table, verdict  # noqa: E402

from groundswell.movements import load_movement  # noqa: E402
from groundswell.store import Store  # noqa: E402
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


def main() -> None:
    """Measure and print the table, the ratio and the goal."""
    args = options(__doc__ or "", size=1_000_000, quick_size=1_000_000)
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "match.duckdb"
    generate(db, args.size)
    movement = load_movement(MOVEMENT)
    pattern = "#(" + "|".join(re.escape(k) for k in sorted(movement.variant_keys())) + ")"
    with Store(db) as store:
        con = store.connection
        summary = match_movement(store, movement)  # warm the file cache once, untimed
        match_s = median_seconds(lambda: match_movement(store, movement), args.runs)
        regex_count = 0

        def scan() -> None:
            nonlocal regex_count
            row = con.execute(
                "SELECT count(*) FROM posts WHERE regexp_matches(text, ?, 'i')", [pattern]
            ).fetchone()
            regex_count = int(row[0]) if row else 0

        regex_s = median_seconds(scan, args.runs)
    db.unlink(missing_ok=True)
    rows = [
        [
            f"groundswell match_movement('{MOVEMENT}')",
            args.size,
            match_s,
            args.size / match_s,
            summary.matched_posts,
        ],
        [
            "DuckDB regexp_matches on text (limit)",
            args.size,
            regex_s,
            args.size / regex_s,
            regex_count,
        ],
    ]
    print(f"store of {args.size:,} generated posts; medians of {args.runs} runs")
    print(table("\nmatch", ["what", "posts", "seconds", "posts/s", "matched"], rows))
    by_rule = ", ".join(f"{rule} {n:,}" for rule, n in summary.by_rule.items())
    print(
        f"\ngroundswell matched by rule: {by_rule}; voices {summary.voices:,}, "
        f"amplifiers {summary.amplifiers:,}"
    )
    ratio = match_s / regex_s
    print(
        f"ratio groundswell/DuckDB time: {ratio:.2f}× (the regex only finds hashtag texts; "
        "groundswell also resolves reposts, phrases and roles)"
    )
    print(f"goal: within {GOAL:g}× of the regex scan: {verdict(ratio <= GOAL)}")


if __name__ == "__main__":
    main()
