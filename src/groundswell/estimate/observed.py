"""Observed voices, linked people and disclosing voices: the lower bound every estimate starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from groundswell.estimate.lists import voice_posts_sql
from groundswell.store.store import Store

__all__ = ["CATEGORY_TABLE", "Observed", "first_voice_days", "observe"]

CATEGORY_TABLE = "post_categories"
DISCLOSURE = "disclosure"


@dataclass(frozen=True)
class Observed:
    """What was seen, in the units it was counted in.

    Attributes:
        voices: distinct accounts (platform + pseudonymous author) that wrote a matching original,
            reply or quote.
        people: distinct persons among the voices when identity links are given (an account not
            in the links counts as a person), else None.
        disclosing_voices: voices with at least one matching post whose most probable category is
            ``disclosure``; None when the store has no ``post_categories`` table.
        classified_posts: matching own-words posts that have a category (None: not classified).
        voice_posts: matching own-words posts.
        classification: ``"not classified"`` or what the disclosure count rests on.
        first, last: the first and last matching own-words post (naive UTC), None when there is none.
        by_platform: voices per platform.
    """

    voices: int
    people: int | None
    disclosing_voices: int | None
    classified_posts: int | None
    voice_posts: int
    classification: str
    first: datetime | None
    last: datetime | None
    by_platform: dict[str, int]


def _has_table(store: Store, name: str) -> bool:
    """True when the store has a table called ``name``."""
    row = store.connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def observe(store: Store, movement: str, people: int | None = None) -> Observed:
    """Count the movement's voices (and disclosing voices where posts were classified)."""
    con = store.connection
    voices_sql = voice_posts_sql()
    voices, posts, first, last = con.execute(
        f"""SELECT count(DISTINCT (platform, author)), count(*), min(created_at), max(created_at)
            FROM ({voices_sql})""",
        [movement],
    ).fetchone() or (0, 0, None, None)
    by_platform = {
        str(platform): int(count)
        for platform, count in con.execute(
            f"SELECT platform, count(DISTINCT author) FROM ({voices_sql}) GROUP BY 1 ORDER BY 2 DESC, 1",
            [movement],
        ).fetchall()
    }
    disclosing = classified = None
    classification = "not classified"
    if _has_table(store, CATEGORY_TABLE):
        try:
            disclosing, classified = con.execute(
                f"""WITH top AS (
                        SELECT platform, id, arg_max(category, probability) AS category
                        FROM {CATEGORY_TABLE} GROUP BY platform, id)
                    SELECT count(DISTINCT (v.platform, v.author)) FILTER (WHERE t.category = ?),
                           count(t.category)
                    FROM ({voices_sql}) v LEFT JOIN top t ON t.platform = v.platform AND t.id = v.id""",
                [DISCLOSURE, movement],
            ).fetchone() or (0, 0)
        except duckdb.Error as error:
            classification = f"not classified ({CATEGORY_TABLE} unreadable: {error})"
        else:
            classification = (
                f"{classified} of {posts} voice posts classified; a voice discloses when one of its "
                "posts has 'disclosure' as its most probable category (classifier errors not corrected)"
            )
            if not classified:
                disclosing = classified = None
                classification = (
                    f"not classified ({CATEGORY_TABLE} has none of this movement's posts)"
                )
    return Observed(
        int(voices),
        people,
        disclosing,
        classified,
        int(posts),
        classification,
        first,
        last,
        by_platform,
    )


def first_voice_days(store: Store, movement: str) -> dict[date, int]:
    """New voices per UTC day: voices counted on the day of their first matching post."""
    rows = store.connection.execute(
        f"""SELECT first_day, count(*) FROM (
                SELECT CAST(min(created_at) AS DATE) AS first_day FROM ({voice_posts_sql()})
                GROUP BY platform, author) GROUP BY 1""",
        [movement],
    ).fetchall()
    return {row[0]: int(row[1]) for row in rows}
