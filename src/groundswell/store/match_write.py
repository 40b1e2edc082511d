"""Storing the matches and roles that the matching stages found, and counting them.

Re-matching a store whose posts and definition did not change finds the same rows, so before
writing, the found and stored rows are compared by count and by the sum of their 64-bit row
hashes; when both agree nothing is written (rewriting tens of thousands of identical rows costs
more than finding them). Two different sets of rows agreeing on both is practically impossible.
"""

from __future__ import annotations

import duckdb

from groundswell.store.match_sql import FOUND, ROLES

__all__ = ["found_counts", "write_matches"]


def _same(
    connection: duckdb.DuckDBPyConnection, found: str, stored: str, params: dict[str, str]
) -> bool:
    """True when the queries ``found`` and ``stored`` (each giving one ``row_hash`` column) have
    as many rows and the same sum of hashes."""
    sums = connection.execute(
        f"""SELECT (SELECT count(*) FROM ({found})), (SELECT sum(row_hash::HUGEINT) FROM ({found})),
                   (SELECT count(*) FROM ({stored})), (SELECT sum(row_hash::HUGEINT) FROM ({stored}))""",
        params,
    ).fetchone()
    return sums is not None and sums[0] == sums[2] and sums[1] == sums[3]


def write_matches(connection: duckdb.DuckDBPyConnection, movement: str, digest: str) -> None:
    """Make the stored matches and roles of ``movement`` those in ``FOUND`` and ``ROLES``.

    Each table is rewritten only when its rows of the movement differ from those found (by count
    or by the sum of the rows' hashes; for matches the definition hash is part of the row).
    """
    if not _same(
        connection,
        f"SELECT hash(platform, id, rule, detail, $digest) AS row_hash FROM {FOUND}",
        """SELECT hash(platform, id, rule, detail, definition_hash) AS row_hash FROM matches
           WHERE movement = $movement""",
        {"movement": movement, "digest": digest},
    ):
        connection.execute("DELETE FROM matches WHERE movement = ?", [movement])
        connection.execute(
            f"INSERT INTO matches SELECT ?, platform, id, rule, detail, ? FROM {FOUND}",
            [movement, digest],
        )
    if not _same(
        connection,
        f"SELECT hash(platform, author, role) AS row_hash FROM {ROLES}",
        "SELECT hash(platform, author, role) AS row_hash FROM roles WHERE movement = $movement",
        {"movement": movement},
    ):
        connection.execute("DELETE FROM roles WHERE movement = ?", [movement])
        connection.execute(
            f"INSERT INTO roles SELECT ?, platform, author, role FROM {ROLES}", [movement]
        )


def found_counts(
    connection: duckdb.DuckDBPyConnection,
) -> tuple[int, int, int, int, int, dict[str, int]]:
    """``(matched, direct, voices, amplifiers, both, by_rule)`` of ``FOUND`` and ``ROLES``, as
    ``movement_counts`` gives them once stored."""
    row = connection.execute(
        f"""SELECT (SELECT count(*) FROM {FOUND}), (SELECT count(*) FILTER (WHERE direct) FROM {FOUND}),
                   count(*) FILTER (WHERE v), count(*) FILTER (WHERE a),
                   count(*) FILTER (WHERE v AND a)
            FROM (SELECT bool_or(role = 'voice') AS v, bool_or(role = 'amplifier') AS a
                  FROM {ROLES} GROUP BY platform, author)"""
    ).fetchone()
    matched, direct, voices, amplifiers, both = row or (0, 0, 0, 0, 0)
    by_rule = dict(
        connection.execute(f"SELECT rule, count(*) FROM {FOUND} GROUP BY 1 ORDER BY 1").fetchall()
    )
    return int(matched), int(direct), int(voices), int(amplifiers), int(both), by_rule
