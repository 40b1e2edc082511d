"""Cheap SQL conditions that pick the few posts matching must read in Python (supersets, never exact).

Each condition is true for every post the Python rule could match, so filtering with it loses
nothing; Python then decides. The cheap parts come first, nested in ``CASE`` (whose order DuckDB
keeps, unlike that of an ``AND``): whether the post is in a context where the phrase counts, then
whether its lower-cased text contains the phrase's longest word; only those few texts meet the
regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import timedelta

from groundswell.movements import Movement, PhraseContext, PhraseRule
from groundswell.text.normalize import fold_text

__all__ = [
    "context_condition",
    "movement_condition",
    "phrase_condition",
    "split_hashtag_condition",
    "sql_text",
    "unusual_tag_condition",
]

# Python's ``\s`` also matches \v, \x1c-\x1f, NEL and every Unicode separator (no-break, thin,
# ideographic spaces, …), which RE2's ``\s`` does not.
_ANY_SPACE = r"\s\x0b\x1c-\x1f\x{85}\p{Z}"
# The phrase rules allow spaces and , . - … ! ' " between words (``movements.phrases``); curly
# quotes become ' before matching, and folding turns fullwidth ！＂＇，－． into their ASCII forms.
_UNICODE_GAP = "[" + _ANY_SPACE + r",.\-…!'" + '"\u2018\u2019\uff01\uff02\uff07\uff0c-\uff0e]*'
_SPLIT_HASHTAG = "[#\uff03][" + _ANY_SPACE + "]"


def sql_text(value: str) -> str:
    """``value`` as a SQL string literal (DuckDB keeps backslashes as they are)."""
    return "'" + value.replace("'", "''") + "'"


def _regexp(subject: str, words: list[str], gap: str) -> str:
    pattern = gap.join(re.escape(word) for word in words)
    return f"regexp_matches({subject}, {sql_text(pattern)})"


def phrase_condition(phrase: str) -> str:
    """A SQL condition on ``text`` true for every text in which ``find_phrase`` finds ``phrase``.

    First, cheaply: the lower-cased text contains the phrase's longest word (ASCII text folds to
    its lower case), or, for text with other characters, its accent-stripped lower case does.
    Then, on those few texts, the phrase's expression without its look-arounds (which only
    narrow it) runs on the accent-stripped lower case, and also on the plain lower case when the
    phrase keeps marks that folding keeps (Japanese voicing marks). Letters written in
    compatibility forms (fullwidth, mathematical) in non-ASCII text are what this can miss.
    """
    words = fold_text(phrase).split()
    if not words:
        return "false"
    longest = sql_text(max(words, key=len))
    stripped = "strip_accents(lower(text))"
    cheap = (
        f"contains(lower(text), {longest}) OR (strlen(text) <> length(text) "
        f"AND contains({stripped}, strip_accents({longest})))"
    )
    exact = _regexp(stripped, words, _UNICODE_GAP)
    if not all(word.isascii() for word in words):
        exact = f"{exact} OR {_regexp('lower(text)', words, _UNICODE_GAP)}"
    # CASE, unlike AND, keeps DuckDB from trying the costly part first on some rows.
    return f"(CASE WHEN {cheap} THEN {exact} ELSE false END)"


def split_hashtag_condition() -> str:
    """A SQL condition on ``text`` true for every text that ``repair_split_hashtags`` changes by
    joining a ``#`` to its tag: a ``#`` or ``＃`` followed by any space."""
    return (
        "((contains(text, '#') OR contains(text, '\uff03')) "
        f"AND regexp_matches(text, {sql_text(_SPLIT_HASHTAG)}))"
    )


def context_condition(movement: Movement, rule: PhraseRule, calls: Collection[str]) -> str:
    """A SQL condition true for every post in which ``rule`` could count: a reply to (or quote
    of) one of ``calls``, or, for disclosures, a post inside the movement's window (whose days
    are UTC days, as ``Movement.in_window`` reads them)."""
    ids = ", ".join(sql_text(call) for call in sorted(calls))
    contexts = []
    if ids and PhraseContext.REPLY_TO_CALL in rule.contexts:
        contexts.append(f"reply_to_id IN ({ids})")
    if ids and PhraseContext.QUOTE_OF_CALL in rule.contexts:
        contexts.append(f"quoted_id IN ({ids})")
    if PhraseContext.DISCLOSURE in rule.contexts:
        start, end = movement.window_start, movement.window_end
        window = [f"created_at >= TIMESTAMP '{start}'"] if start else []
        window += [f"created_at < TIMESTAMP '{end + timedelta(days=1)}'"] if end else []
        contexts.append(" AND ".join(window) or "true")
    return " OR ".join(f"({context})" for context in contexts) or "false"


def movement_condition(
    movement: Movement, split_hashtags: bool, calls: Collection[str]
) -> str | None:
    """The condition for a movement's phrase rules and, when asked, split hashtags; None when
    there is nothing to look for in text. ``calls``: the ids of the calls to action as stored.

    A phrase's text is looked at only in posts where it could count (its contexts are cheaper to
    test than the text).
    """
    conditions = [
        f"(CASE WHEN {context_condition(movement, rule, calls)} "
        f"THEN {phrase_condition(rule.text)} ELSE false END)"
        for rule in movement.phrases
    ]
    if split_hashtags:
        conditions.append(split_hashtag_condition())
    return " OR ".join(conditions) if conditions else None


def unusual_tag_condition(column: str, key_lengths: list[int]) -> str:
    """A SQL condition true for every stored hashtag whose ``fold_tag`` may be a key of
    ``key_lengths`` characters without being the tag itself.

    The other tags (ASCII, no leading ``#``, and no capitals or a length no ASCII key has) fold
    to themselves or to no key: they match a variant exactly when they equal its key. Capitals are
    looked for only in tags of a key's length, which spares lower-casing most tags.
    """
    lengths = ", ".join(str(n) for n in key_lengths)
    return (
        f"(strlen({column}) <> length({column}) OR starts_with({column}, '#') "
        f"OR (strlen({column}) IN ({lengths}) AND {column} <> lower({column})))"
    )
