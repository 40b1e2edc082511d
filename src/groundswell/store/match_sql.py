"""The SQL stages that find a movement's matches, each building a temporary table the next reads.

``hashtag_hits`` finds the posts that carry a variant (by row); ``read_posts`` reads, in one scan,
those posts and the few own-words texts the phrase rules must see in Python; ``collect_matches``
adds the reposts and people's roles. Per-post rows reach Python only for the phrase candidates.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import duckdb
import pyarrow as pa

from groundswell.movements import Movement, fold_tag
from groundswell.movements.matching import MatchRule
from groundswell.store.match_filters import movement_condition, sql_text, unusual_tag_condition

__all__ = [
    "FOUND",
    "OWN_WORDS",
    "ROLES",
    "collect_matches",
    "drop_stage_tables",
    "hashtag_hits",
    "phrase_candidates",
    "read_posts",
]

OWN_WORDS = "('original', 'reply', 'quote')"
VARIANTS = "gs_match_variants"
"""Stored hashtag spellings that fold to a variant: tag, detail (as the match records it)."""
TAG_ROWS = "gs_match_tag_rows"
"""Tags of posts (row, tag) that are a variant's key or may fold to one."""
HITS = "gs_match_hits"
"""Posts carrying a variant: row, the first such tag in the post's list, whether it has two."""
POSTS = "gs_match_posts"
"""Posts that carry a variant or whose text may match a phrase, with what matching reads."""
EXTRA = "gs_match_extra"
"""Phrase and split-hashtag matches found in Python (a registered Arrow table)."""
FOUND = "gs_match_found"
"""Every match: platform, id, rule, detail, and the post's author, kind and direct flag."""
ROLES = "gs_match_roles"
"""Each person's roles: platform, author, role."""
_STAGE_TABLES = (VARIANTS, TAG_ROWS, HITS, POSTS, FOUND, ROLES)

_EXTRA_SCHEMA = pa.schema(
    [
        ("platform", pa.string()),
        ("id", pa.string()),
        ("rule", pa.string()),
        ("detail", pa.string()),
        ("author", pa.string()),
        ("kind", pa.string()),
        ("direct", pa.bool_()),
    ]
)


def _is_own_key(tag: str) -> bool:
    """True for the tags ``unusual_tag_condition`` leaves out, whose ``fold_tag`` is themselves."""
    return tag.isascii() and tag == tag.lower() and not tag.startswith("#")


def _detail(movement: Movement, key: str, tag: str) -> str:
    variant = movement.variant_for(key)
    group = f" (#{variant.group})" if variant and variant.group else ""
    return f"#{tag}{group}"


def _create_from_arrow(connection: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    connection.register("gs_match_arrow", rows)
    try:
        connection.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM gs_match_arrow")
    finally:
        connection.unregister("gs_match_arrow")


def hashtag_hits(connection: duckdb.DuckDBPyConnection, movement: Movement) -> int:
    """Build ``HITS`` (and ``VARIANTS``): the posts, not deleted, that carry a variant, with the
    first such tag in their list; return how many.

    One scan unnests the stored hashtags and keeps those equal to a variant's key or that may
    fold to one (tags that are not their own key); only the distinct spellings of the latter are
    folded, in Python. The posts' lists are read again, for their order, only when some post
    carries two variants.
    """
    keys = movement.variant_keys()
    details = {key: _detail(movement, key, key) for key in keys if _is_own_key(key)}
    lengths = sorted({len(key) for key in details}) or [0]
    connection.register("gs_match_keys", pa.table({"tag": pa.array(list(details), pa.string())}))
    try:
        connection.execute(
            f"""CREATE OR REPLACE TEMP TABLE {TAG_ROWS} AS
            SELECT post_row, tag FROM (
                SELECT rowid AS post_row, unnest(hashtags_norm) AS tag FROM posts WHERE NOT deleted)
            WHERE tag IN (SELECT tag FROM gs_match_keys) OR {unusual_tag_condition("tag", lengths)}"""
        )
    finally:
        connection.unregister("gs_match_keys")
    unusual = connection.execute(
        f"SELECT DISTINCT tag FROM {TAG_ROWS} WHERE {unusual_tag_condition('tag', lengths)}"
    ).fetchall()
    for (tag,) in unusual:
        key = fold_tag(tag)
        if key in keys:
            details[tag] = _detail(movement, key, tag)
    schema = pa.schema([("tag", pa.string()), ("detail", pa.string())])
    _create_from_arrow(
        connection,
        VARIANTS,
        pa.table({"tag": list(details), "detail": list(details.values())}, schema=schema),
    )
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE {HITS} AS
        SELECT post_row, min(tag) AS tag, min(tag) <> max(tag) AS ambiguous FROM {TAG_ROWS}
        WHERE tag IN (SELECT tag FROM {VARIANTS}) GROUP BY post_row"""
    )
    connection.execute(f"DROP TABLE {TAG_ROWS}")
    row = connection.execute(
        f"SELECT count(*), count(*) FILTER (WHERE ambiguous) FROM {HITS}"
    ).fetchone()
    hits, ambiguous = (int(row[0]), int(row[1])) if row else (0, 0)
    if ambiguous:
        spellings = "[" + ", ".join(sql_text(tag) for tag in details) + "]::VARCHAR[]"
        connection.execute(
            f"""UPDATE {HITS} SET tag = listed.tag FROM (
                SELECT p.rowid AS post_row,
                       list_filter(p.hashtags_norm, t -> list_contains({spellings}, t))[1] AS tag
                FROM posts p WHERE p.rowid IN (SELECT post_row FROM {HITS} WHERE ambiguous)
            ) AS listed WHERE {HITS}.post_row = listed.post_row"""
        )
    return hits


def read_posts(
    connection: duckdb.DuckDBPyConnection,
    movement: Movement,
    split_hashtags: bool,
    calls: Collection[str],
) -> None:
    """Build ``POSTS`` in one scan: the posts in ``HITS`` and the own-words posts that may match
    a phrase in a context where it counts (``calls``: the calls' ids as stored) or, when asked,
    a split hashtag, with what matching reads of each."""
    condition = movement_condition(movement, split_hashtags, calls) or "false"
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE {POSTS} AS
        SELECT p.platform, p.id, p.kind, p.author, p.direct, p.reposted_id, h.tag,
               CASE WHEN h.tag IS NULL THEN p.text END AS text,
               p.created_at, p.reply_to_id, p.quoted_id
        FROM posts p LEFT JOIN {HITS} h ON h.post_row = p.rowid
        WHERE NOT p.deleted AND CASE WHEN h.tag IS NOT NULL THEN true
            WHEN p.kind IN {OWN_WORDS} AND p.text IS NOT NULL THEN {condition} ELSE false END"""
    )


def phrase_candidates(connection: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """The posts of ``POSTS`` without a variant, for the phrase rules in Python: ``(platform, id,
    kind, text, created_at, reply_to_id, quoted_id, author, direct)``.

    Their stored hashtags are not needed: a post with a variant among them is in ``HITS``.
    """
    return connection.execute(
        f"""SELECT platform, id, kind, text, created_at, reply_to_id, quoted_id, author, direct
            FROM {POSTS} WHERE tag IS NULL"""
    ).fetchall()


def collect_matches(
    connection: duckdb.DuckDBPyConnection,
    extra: list[tuple[str, str, str, str, str | None, str, bool]],
) -> None:
    """Build ``FOUND`` and ``ROLES`` from ``POSTS`` and the Python matches ``extra``
    (``platform, id, rule, detail, author, kind, direct``).

    Own-words posts match by their variant or by ``extra``. A repost matches when the post it
    reposts does, or, when that post is not in the store at all (deleted ones count as in it), by
    the variant it carries; only the reposts that carry one are looked for among the posts.
    """
    rows = pa.Table.from_pylist(
        [dict(zip(_EXTRA_SCHEMA.names, row, strict=True)) for row in extra], schema=_EXTRA_SCHEMA
    )
    repost = MatchRule.REPOST.value
    connection.register(EXTRA, rows)
    try:
        connection.execute(
            f"""CREATE OR REPLACE TEMP TABLE {FOUND} AS
            WITH own AS (
                SELECT p.platform, p.id, '{MatchRule.HASHTAG.value}' AS rule, v.detail,
                       p.author, p.kind, p.direct
                FROM {POSTS} p JOIN {VARIANTS} v ON v.tag = p.tag WHERE p.kind IN {OWN_WORDS}
                UNION ALL SELECT platform, id, rule, detail, author, kind, direct FROM {EXTRA}),
            carriers AS (
                SELECT p.platform, p.id, p.author, p.kind, p.direct, p.reposted_id, v.detail
                FROM {POSTS} p JOIN {VARIANTS} v ON v.tag = p.tag WHERE p.kind = 'repost'),
            present AS (
                SELECT platform, id FROM posts WHERE id IN (SELECT reposted_id FROM carriers)),
            shared AS (
                SELECT r.platform, r.id, '{repost}' AS rule,
                       'reposts a matching post (' || o.detail || ')' AS detail,
                       r.author, r.kind, r.direct
                FROM posts r JOIN own o ON o.platform = r.platform AND o.id = r.reposted_id
                WHERE r.kind = 'repost' AND NOT r.deleted),
            orphans AS (
                SELECT c.platform, c.id, '{repost}' AS rule,
                       'reposted post not in the store; carries ' || c.detail AS detail,
                       c.author, c.kind, c.direct
                FROM carriers c ANTI JOIN present o
                  ON o.platform = c.platform AND o.id = c.reposted_id)
            SELECT * FROM own UNION ALL SELECT * FROM shared UNION ALL SELECT * FROM orphans"""
        )
    finally:
        connection.unregister(EXTRA)
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE {ROLES} AS
        SELECT DISTINCT platform, author,
               CASE WHEN kind = 'repost' THEN 'amplifier' ELSE 'voice' END AS role
        FROM {FOUND} WHERE author IS NOT NULL"""
    )


def drop_stage_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary tables the stages built (those that exist)."""
    for table in _STAGE_TABLES:
        connection.execute(f"DROP TABLE IF EXISTS temp.main.{table}")
