"""Materialising a movement's matches and people's roles in the store, with the rule of each match."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb

from groundswell.movements import Movement, PostFields, match_post
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store.match_sql import (
    collect_matches,
    drop_stage_tables,
    hashtag_hits,
    phrase_candidates,
    read_posts,
)
from groundswell.store.match_write import found_counts, write_matches
from groundswell.store.store import Store

MATCH_TABLES = [
    """CREATE TABLE IF NOT EXISTS matches (
        movement VARCHAR NOT NULL, platform VARCHAR NOT NULL, id VARCHAR NOT NULL,
        rule VARCHAR NOT NULL, detail VARCHAR, definition_hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS roles (
        movement VARCHAR NOT NULL, platform VARCHAR NOT NULL, author VARCHAR NOT NULL,
        role VARCHAR NOT NULL)""",
]


@dataclass(frozen=True)
class MatchSummary:
    """What matching gave for one movement.

    Attributes:
        movement: the movement's name.
        definition_hash: hash of the definition used.
        matched_posts: posts that match (reposts of matching posts included).
        direct_posts: of those, posts collected directly.
        voices: accounts (platform + author) that wrote a matching original, reply or quote.
        amplifiers: accounts that reposted a matching post.
        both: accounts with both roles.
        by_rule: matched posts per rule.
    """

    movement: str
    definition_hash: str
    matched_posts: int
    direct_posts: int
    voices: int
    amplifiers: int
    both: int
    by_rule: dict[str, int]


def create_match_tables(store: Store) -> None:
    """Create the matches and roles tables if they do not exist."""
    for statement in MATCH_TABLES:
        store.connection.execute(statement)


def _state(store: Store) -> str:
    row = store.connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE deleted), max(created_at) FROM posts"
    ).fetchone()
    return ":".join(map(str, row or ()))


def _python_matches(
    rows: list[tuple[Any, ...]], movement: Movement, calls: Collection[str], split_hashtags: bool
) -> list[tuple[str, str, str, str, str | None, str, bool]]:
    """The phrase (and split-hashtag) matches among candidate rows from ``phrase_candidates``.

    The rows carry no hashtags: none of them has a variant among its stored ones.
    """
    found = []
    for platform, post_id, kind, text, created_at, reply_to, quoted, author, direct in rows:
        fields = PostFields(
            platform=platform,
            id=post_id,
            kind=kind,
            text=text,
            created_at=created_at.replace(tzinfo=UTC),
            reply_to_id=reply_to,
            quoted_id=quoted,
        )
        match = match_post(
            movement,
            fields,
            call_ids=calls,
            extract_when_missing=False,
            split_hashtags=split_hashtags,
        )
        if match is not None:
            found.append((platform, post_id, match.rule.value, match.detail, author, kind, direct))
    return found


def match_movement(
    store: Store,
    movement: Movement,
    *,
    split_hashtags: bool = False,
    pseudonyms: Pseudonymizer | None = None,
) -> MatchSummary:
    """Recompute the matches and roles of ``movement`` in one transaction and return counts.

    Hashtag variants are matched in SQL on the normalised hashtags the importers stored (for text
    without platform entities, importers extracted them already); phrases and split hashtags in
    Python on the few candidate texts a cheap SQL filter lets through; a repost matches when the
    post it reposts matches, or, when that post is not in the store, by the hashtags it carries.
    The stages run in SQL (``match_sql``); only the phrase candidates pass through Python. The
    matches and roles tables are rewritten only when what they hold for the movement changed
    (``match_write``): re-matching an unchanged store writes nothing.
    """
    create_match_tables(store)
    con = store.connection
    digest = movement.definition_hash()
    calls = set(movement.call_ids())
    if pseudonyms is not None:
        calls |= {
            pseudonyms.scrub_post_id(c.platform, c.id) for c in movement.calls_to_action if c.id
        }
    con.execute("BEGIN TRANSACTION")
    try:
        hashtag_hits(con, movement)
        read_posts(con, movement, split_hashtags, calls)
        candidates = phrase_candidates(con)
        collect_matches(con, _python_matches(candidates, movement, calls, split_hashtags))
        write_matches(con, movement.name, digest)
        counts = found_counts(con)
        store.set_meta(f"matched:{movement.name}", f"{digest}:{split_hashtags}:{_state(store)}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        drop_stage_tables(con)
    return MatchSummary(movement.name, digest, *counts)


def matches_are_current(store: Store, movement: Movement, *, split_hashtags: bool = False) -> bool:
    """True when stored matches were made with this definition on the store as it is now."""
    wanted = f"{movement.definition_hash()}:{split_hashtags}:{_state(store)}"
    return store.meta(f"matched:{movement.name}") == wanted


def movement_counts(store: Store, name: str, digest: str = "") -> MatchSummary:
    """Counts of the stored matches and roles of movement ``name``."""
    con = store.connection
    matched, direct = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE p.direct) FROM matches m
           JOIN posts p ON p.platform = m.platform AND p.id = m.id
           WHERE m.movement = ? AND NOT p.deleted""",
        [name],
    ).fetchone() or (0, 0)
    voices, amplifiers, both = con.execute(
        """SELECT count(*) FILTER (WHERE v), count(*) FILTER (WHERE a), count(*) FILTER (WHERE v AND a)
           FROM (SELECT bool_or(role = 'voice') AS v, bool_or(role = 'amplifier') AS a
                 FROM roles WHERE movement = ? GROUP BY platform, author)""",
        [name],
    ).fetchone() or (0, 0, 0)
    by_rule = dict(
        con.execute(
            "SELECT rule, count(*) FROM matches WHERE movement = ? GROUP BY 1 ORDER BY 1", [name]
        ).fetchall()
    )
    if not digest:
        row = con.execute(
            "SELECT any_value(definition_hash) FROM matches WHERE movement = ?", [name]
        ).fetchone()
        digest = str(row[0]) if row and row[0] else ""
    return MatchSummary(name, digest, matched, direct, voices, amplifiers, both, by_rule)


def stored_movements(store: Store) -> list[str]:
    """Names of the movements with stored matches (none in a store never matched)."""
    try:
        rows = store.connection.execute(
            "SELECT DISTINCT movement FROM matches ORDER BY 1"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    return [r[0] for r in rows]


def store_pseudonyms(store: Store, key_file: Path | None = None) -> Pseudonymizer | None:
    """The pseudonymizer that made ``store``'s pseudonyms (None for a plain or empty store)."""
    if store.meta("key_fingerprint") in (None, "plain"):
        return None
    return Pseudonymizer(load_or_create_key(key_file, create=False))


def ensure_matches(
    store: Store, movement: Movement, *, key_file: Path | None = None, split_hashtags: bool = False
) -> MatchSummary:
    """Match ``movement`` unless the stored matches are current; return the counts."""
    if store.read_only or matches_are_current(store, movement, split_hashtags=split_hashtags):
        return movement_counts(store, movement.name, movement.definition_hash())
    return match_movement(
        store, movement, split_hashtags=split_hashtags, pseudonyms=store_pseudonyms(store, key_file)
    )


def call_to_action_ids(
    movement: Movement, pseudonyms: Pseudonymizer | None
) -> list[tuple[str, str]]:
    """(platform, stored id) of the calls to action the definition names by id."""
    return [
        (call.platform, pseudonyms.scrub_post_id(call.platform, call.id) if pseudonyms else call.id)
        for call in movement.calls_to_action
        if call.id
    ]
