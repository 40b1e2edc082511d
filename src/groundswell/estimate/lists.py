"""Capture histories of a movement's voices: who appears on which list (platform, variant, source)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from groundswell.errors import EstimationError
from groundswell.estimate.links import IdentityLinks
from groundswell.store.store import Store

__all__ = ["LIST_KINDS", "MAX_LISTS", "CaptureTable", "capture_table", "voice_posts_sql"]

LIST_KINDS = ("platforms", "variants", "sources")
MAX_LISTS = 5
"""Lists beyond this many (by people) are merged into one ``other`` list."""

_OWN_WORDS = "('original', 'reply', 'quote')"


def voice_posts_sql(disclosing: bool = False) -> str:
    """SQL over a movement's own-words matched posts (parameter: movement).

    With ``disclosing``, only posts whose most probable category in ``post_categories`` is
    ``disclosure``.
    """
    only = (
        """ AND EXISTS (SELECT 1 FROM (SELECT platform, id, arg_max(category, probability) AS top
                             FROM post_categories GROUP BY platform, id) t
                        WHERE t.platform = p.platform AND t.id = p.id AND t.top = 'disclosure')"""
        if disclosing
        else ""
    )
    return f"""SELECT p.platform, p.author, m.rule, m.detail, p.source_file, p.id, p.created_at
        FROM matches m JOIN posts p ON p.platform = m.platform AND p.id = m.id
        WHERE m.movement = ? AND NOT p.deleted AND p.author IS NOT NULL
          AND p.kind IN {_OWN_WORDS}{only}"""


@dataclass(frozen=True)
class CaptureTable:
    """People counted by capture pattern, histpos order (on every list first, last list alone last).

    Attributes:
        by: ``platforms``, ``variants`` or ``sources``.
        names: the lists, in order (list 1 is the most significant bit of a pattern).
        counts: people per observed pattern, ``2^J - 1`` values.
        people: people on at least one list (the sum of ``counts``).
        unit: what one person is here (a linked person, or an account).
        linked_accounts: voices' accounts found in the identity links (None without links).
        unlinked_accounts: voices' accounts not in the links, each counted as a person of its own.
        merged: lists merged into ``other`` because there were more than ``MAX_LISTS``.
        population: ``voices``, or ``disclosing voices`` when only classified disclosures count.
    """

    by: str
    names: tuple[str, ...]
    counts: tuple[int, ...]
    people: int
    unit: str
    linked_accounts: int | None
    unlinked_accounts: int | None
    merged: tuple[str, ...]
    population: str = "voices"


def _key_sql(by: str) -> str:
    """The list a voice post puts its author on."""
    if by == "platforms":
        return "platform"
    if by == "sources":
        return "coalesce(source_file, '(unknown source)')"
    if by == "variants":
        return (
            "CASE WHEN rule = 'hashtag' THEN split_part(coalesce(detail, '#?'), ' (', 1) "
            "ELSE rule END"
        )
    raise EstimationError(f"unknown list kind {by!r}; choose from {', '.join(LIST_KINDS)}")


def _labels(keys: list[str], by: str) -> dict[str, str]:
    """Short list names: source files without their common folder; others as they are."""
    if by != "sources" or len(keys) < 2:
        return {key: key for key in keys}
    parts = [key.split("/") for key in keys]
    common = 0
    while all(len(p) > common + 1 and p[common] == parts[0][common] for p in parts):
        common += 1
    return {key: "/".join(p[common:]) for key, p in zip(keys, parts, strict=True)}


def capture_table(
    store: Store, movement: str, by: str, links: IdentityLinks | None, *, disclosing: bool = False
) -> CaptureTable:
    """Aggregate the movement's voices into a capture-pattern table, in DuckDB.

    A person is a linked person when ``links`` are given (accounts missing from the links count
    as a person each), otherwise an account (platform + author). Across platforms a person can
    only be recognised through links, so ``by="platforms"`` needs them.
    """
    if by == "platforms" and links is None:
        raise EstimationError(
            "capture-recapture across platforms needs to know which accounts are the same person; "
            "pass --links FILE (columns person, platform, account), or use --lists variants/sources"
        )
    con = store.connection
    person, linked, join = "v.platform || chr(0) || v.author", "false", ""
    if links is not None:
        con.register(
            "estimate_links",
            pa.table(
                {
                    "platform": [row[0] for row in links.rows],
                    "author": [row[1] for row in links.rows],
                    "person": [row[2] for row in links.rows],
                }
            ),
        )
        join = "LEFT JOIN estimate_links l ON l.platform = v.platform AND l.author = v.author"
        person = "coalesce('L' || l.person, 'A' || v.platform || chr(0) || v.author)"
        linked = "l.person IS NOT NULL"
    captures = f"""WITH captures AS (
        SELECT {person} AS person, v.list, {linked} AS linked, v.platform, v.author
        FROM (SELECT DISTINCT platform, author, {_key_sql(by)} AS list
              FROM ({voice_posts_sql(disclosing)})) v {join})"""
    try:
        ranked = con.execute(
            f"{captures} SELECT list, count(DISTINCT person) AS n FROM captures "
            "GROUP BY 1 ORDER BY n DESC, list",
            [movement],
        ).fetchall()
        if len(ranked) < 2:
            raise EstimationError(
                f"capture-recapture by {by} needs voices on at least 2 {by}, found "
                f"{[row[0] for row in ranked]}; choose another --lists"
            )
        labels = _labels([str(row[0]) for row in ranked], by)
        names = [labels[str(row[0])] for row in ranked]
        merged: tuple[str, ...] = ()
        if len(names) > MAX_LISTS:
            merged = tuple(names[MAX_LISTS - 1 :])
            names = [*names[: MAX_LISTS - 1], "other"]
        lists = len(names)
        position = {key: k for k, key in enumerate(str(row[0]) for row in ranked)}
        if merged:
            position = {key: min(k, lists - 1) for key, k in position.items()}
        con.register(
            "estimate_bits",
            pa.table(
                {
                    "list": [str(row[0]) for row in ranked],
                    "bit": [1 << (lists - 1 - position[str(row[0])]) for row in ranked],
                }
            ),
        )
        tally = dict(
            con.execute(
                f"""{captures} SELECT mask, count(*) FROM (
                       SELECT person, bit_or(b.bit) AS mask FROM captures c
                       JOIN estimate_bits b ON b.list = c.list GROUP BY person)
                   GROUP BY mask""",
                [movement],
            ).fetchall()
        )
        linked_accounts = unlinked_accounts = None
        if links is not None:
            linked_accounts, unlinked_accounts = con.execute(
                f"""{captures} SELECT count(*) FILTER (WHERE linked), count(*) FILTER (WHERE NOT linked)
                   FROM (SELECT DISTINCT platform, author, linked FROM captures)""",
                [movement],
            ).fetchone() or (0, 0)
    finally:
        for view in ("estimate_links", "estimate_bits"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
    counts = tuple(int(tally.get(mask, 0)) for mask in range(2**lists - 1, 0, -1))
    unit = (
        "linked people (accounts joined through the identity links)"
        if links
        else ("accounts (platform + pseudonymous author)")
    )
    return CaptureTable(
        by,
        tuple(names),
        counts,
        sum(counts),
        unit,
        linked_accounts,
        unlinked_accounts,
        merged,
        "disclosing voices" if disclosing else "voices",
    )
