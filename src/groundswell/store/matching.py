"""Materialising a movement's matches and people's roles in the store, with the rule of each match."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import duckdb
import pyarrow as pa

from groundswell.movements import Movement, PostFields, fold_tag, match_post
from groundswell.movements.matching import Match, MatchRule
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store.store import Store
from groundswell.text.normalize import fold_text

MATCH_TABLES = [
    """CREATE TABLE IF NOT EXISTS matches (
        movement VARCHAR NOT NULL, platform VARCHAR NOT NULL, id VARCHAR NOT NULL,
        rule VARCHAR NOT NULL, detail VARCHAR, definition_hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS roles (
        movement VARCHAR NOT NULL, platform VARCHAR NOT NULL, author VARCHAR NOT NULL,
        role VARCHAR NOT NULL)""",
]
_OWN_WORDS = "('original', 'reply', 'quote')"
# Characters the phrase rules allow between a phrase's words (as in movements.phrases).
_PHRASE_GAP = r"[\s,.\-…!'\"]*"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _phrase_prefilter(phrase: str) -> str:
    """A SQL condition true for every text the phrase rule could match (a superset, cheap)."""
    words = fold_text(phrase).split()
    pattern = _PHRASE_GAP.join(re.escape(word) for word in words)
    return f"regexp_matches(strip_accents(lower(text)), {_sql_text(pattern)})"


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


def _variant_tags(store: Store, movement: Movement) -> dict[str, str]:
    """Map each normalised hashtag in the store that folds to a variant to its match detail."""
    keys = movement.variant_keys()
    details: dict[str, str] = {}
    rows = store.connection.execute(
        "SELECT DISTINCT unnest(hashtags_norm) FROM posts WHERE NOT deleted"
    ).fetchall()
    for (tag,) in rows:
        key = fold_tag(tag)
        if key in keys:
            variant = movement.variant_for(key)
            group = f" (#{variant.group})" if variant and variant.group else ""
            details[tag] = f"#{tag}{group}"
    return details


def _python_matches(
    store: Store, movement: Movement, calls: Collection[str], split_hashtags: bool
) -> list[tuple[str, str, Match]]:
    """Phrase (and split-hashtag) matches for own-words posts the hashtag rule did not match."""
    conditions = [_phrase_prefilter(rule.text) for rule in movement.phrases]
    if split_hashtags:
        conditions.append("contains(text, '# ')")
    if not conditions:
        return []
    rows = store.connection.execute(
        f"""SELECT platform, id, kind, text, hashtags, created_at, reply_to_id, quoted_id
            FROM posts WHERE NOT deleted AND kind IN {_OWN_WORDS} AND text IS NOT NULL
            AND ({' OR '.join(conditions)})
            AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.movement = ? AND m.platform = posts.platform
                            AND m.id = posts.id)""",
        [movement.name],
    ).fetchall()
    found = []
    for platform, post_id, kind, text, hashtags, created_at, reply_to, quoted in rows:
        fields = PostFields(platform=platform, id=post_id, kind=kind, text=text,
                            hashtags=tuple(hashtags or ()), created_at=created_at.replace(tzinfo=UTC),
                            reply_to_id=reply_to, quoted_id=quoted)
        match = match_post(movement, fields, call_ids=calls, extract_when_missing=False,
                           split_hashtags=split_hashtags)
        if match is not None:
            found.append((platform, post_id, match))
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
    Python on the few candidate texts; a repost matches when the post it reposts matches, or, when
    that post is not in the store, by the hashtags it carries.
    """
    create_match_tables(store)
    con = store.connection
    digest = movement.definition_hash()
    details = _variant_tags(store, movement)
    calls = set(movement.call_ids())
    if pseudonyms is not None:
        calls |= {pseudonyms.scrub_post_id(c.platform, c.id) for c in movement.calls_to_action if c.id}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM matches WHERE movement = ?", [movement.name])
        con.execute("DELETE FROM roles WHERE movement = ?", [movement.name])
        con.register("variant_tags", pa.table({"tag": list(details), "detail": list(details.values())}))
        tags = "[" + ", ".join(_sql_text(t) for t in details) + "]::VARCHAR[]"
        first_tag = f"list_filter(hashtags_norm, t -> list_contains({tags}, t))[1]"
        con.execute(
            f"""INSERT INTO matches
            SELECT ?, p.platform, p.id, 'hashtag', v.detail, ?
            FROM (SELECT platform, id, {first_tag} AS tag FROM posts
                  WHERE NOT deleted AND kind IN {_OWN_WORDS} AND list_has_any(hashtags_norm, {tags})) p
            JOIN variant_tags v ON v.tag = p.tag""",
            [movement.name, digest],
        )
        extra = _python_matches(store, movement, calls, split_hashtags)
        if extra:
            con.executemany(
                "INSERT INTO matches VALUES (?, ?, ?, ?, ?, ?)",
                [(movement.name, p, i, m.rule.value, m.detail, digest) for p, i, m in extra],
            )
        con.execute(
            f"""INSERT INTO matches
            SELECT ?, r.platform, r.id, '{MatchRule.REPOST.value}',
                   'reposts a matching post (' || m.detail || ')', ?
            FROM posts r JOIN matches m
              ON m.movement = ? AND m.platform = r.platform AND m.id = r.reposted_id
            WHERE r.kind = 'repost' AND NOT r.deleted""",
            [movement.name, digest, movement.name],
        )
        con.execute(
            f"""INSERT INTO matches
            SELECT ?, r.platform, r.id, '{MatchRule.REPOST.value}',
                   'reposted post not in the store; carries ' || v.detail, ?
            FROM (SELECT platform, id, reposted_id, {first_tag} AS tag FROM posts
                  WHERE kind = 'repost' AND NOT deleted AND list_has_any(hashtags_norm, {tags})) r
            JOIN variant_tags v ON v.tag = r.tag
            WHERE NOT EXISTS (SELECT 1 FROM posts o WHERE o.platform = r.platform AND o.id = r.reposted_id)""",
            [movement.name, digest],
        )
        con.unregister("variant_tags")
        con.execute(
            """INSERT INTO roles
            SELECT DISTINCT m.movement, p.platform, p.author,
                   CASE WHEN p.kind = 'repost' THEN 'amplifier' ELSE 'voice' END
            FROM matches m JOIN posts p ON p.platform = m.platform AND p.id = m.id
            WHERE m.movement = ? AND p.author IS NOT NULL AND NOT p.deleted""",
            [movement.name],
        )
        store.set_meta(f"matched:{movement.name}", f"{digest}:{split_hashtags}:{_state(store)}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return movement_counts(store, movement.name, digest)


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
           WHERE m.movement = ? AND NOT p.deleted""", [name]).fetchone() or (0, 0)
    voices, amplifiers, both = con.execute(
        """SELECT count(*) FILTER (WHERE v), count(*) FILTER (WHERE a), count(*) FILTER (WHERE v AND a)
           FROM (SELECT bool_or(role = 'voice') AS v, bool_or(role = 'amplifier') AS a
                 FROM roles WHERE movement = ? GROUP BY platform, author)""", [name]).fetchone() or (0, 0, 0)
    by_rule = dict(con.execute(
        "SELECT rule, count(*) FROM matches WHERE movement = ? GROUP BY 1 ORDER BY 1", [name]).fetchall())
    if not digest:
        row = con.execute("SELECT any_value(definition_hash) FROM matches WHERE movement = ?", [name]).fetchone()
        digest = str(row[0]) if row and row[0] else ""
    return MatchSummary(name, digest, matched, direct, voices, amplifiers, both, by_rule)


def stored_movements(store: Store) -> list[str]:
    """Names of the movements with stored matches (none in a store never matched)."""
    try:
        rows = store.connection.execute("SELECT DISTINCT movement FROM matches ORDER BY 1").fetchall()
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


def call_to_action_ids(movement: Movement, pseudonyms: Pseudonymizer | None) -> list[tuple[str, str]]:
    """(platform, stored id) of the calls to action the definition names by id."""
    return [
        (call.platform, pseudonyms.scrub_post_id(call.platform, call.id) if pseudonyms else call.id)
        for call in movement.calls_to_action
        if call.id
    ]
