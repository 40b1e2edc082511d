"""The SQL pre-filters of matching keep every text and tag the Python rules would match."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.movements import find_phrase, fold_tag, load_movement, repair_split_hashtags
from groundswell.store.match_filters import (
    phrase_condition,
    split_hashtag_condition,
    unusual_tag_condition,
)

GAPS = [
    " ",
    "\u00a0",
    "\u3000",
    "\u2009",
    "\x0b",
    "\x1c",
    "\n",
    ",",
    ".",
    "…",
    "!",
    "'",
    "\u2019",
    '"',
    "-",
    "\uff0c",
    "#",
    "\uff03",
]
PIECES = [*GAPS, "x", "é", "not ", "💔", "米兔", "ｍｅ", "yo", "too"]
WORDS = {
    "me too": (["me", "Me", "ME", "mé", "mE"], ["too", "Too", "TOO", "tóo", "tOo"]),
    "yo también": (["yo", "Yo", "YO"], ["también", "tambien", "TAMBIÉN", "Tambie\u0301n"]),
}
noise = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
texts = st.lists(st.sampled_from(PIECES + ["me", "too"]), max_size=8).map("".join)


@st.composite
def phrase_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A phrase and a text that writes it in some case, accent and spacing, amid noise."""
    phrase = draw(st.sampled_from(sorted(WORDS)))
    first, second = WORDS[phrase]
    gap = "".join(draw(st.lists(st.sampled_from(GAPS), max_size=3)))
    text = draw(noise) + draw(st.sampled_from(first)) + gap + draw(st.sampled_from(second))
    return phrase, text + draw(noise)


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def holds(con: duckdb.DuckDBPyConnection, condition: str, column: str, value: str) -> bool:
    row = con.execute(
        f"SELECT {condition} FROM (SELECT ?::VARCHAR AS {column})", [value]
    ).fetchone()
    return bool(row and row[0])


@settings(max_examples=300, deadline=None)
@given(case=phrase_texts())
def test_phrase_filter_keeps_every_text_with_the_phrase(
    con: duckdb.DuckDBPyConnection, case: tuple[str, str]
) -> None:
    phrase, text = case
    if find_phrase(text, phrase) is not None:
        assert holds(con, phrase_condition(phrase), "text", text)


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_split_hashtag_filter_keeps_every_text_the_repair_changes(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    if repair_split_hashtags(text) != text:
        assert holds(con, split_hashtag_condition(), "text", text)


@pytest.mark.parametrize(
    "tag",
    ["MeToo", "#metoo", "##MeToo", "yotambién", "YoTambien", "ｍｅｔｏｏ", "米兔", "ＭｅＴｏｏ"],
)
def test_unusual_tag_filter_keeps_every_spelling_not_matched_as_stored(
    con: duckdb.DuckDBPyConnection, tag: str
) -> None:
    """Tags are matched as stored only against the ASCII keys; any other spelling of a variant
    must go through the filter to be folded in Python."""
    keys = load_movement("metoo").variant_keys()
    lengths = sorted({len(k) for k in keys if k.isascii()})
    assert fold_tag(tag) in keys and not (tag.isascii() and tag in keys)
    assert holds(con, unusual_tag_condition("tag", lengths), "tag", tag)
    assert not holds(con, unusual_tag_condition("tag", lengths), "tag", "metoo")
