"""Mastodon's rules (Tag::HASHTAG_RE in app/models/tag.rb), on cases derived by hand from the regex."""

from __future__ import annotations

import pytest

from groundswell.text import extract_hashtags

# Each expected value is worked out from the regex
#   (?:^|[^\/\)\w])#(FIRST|LAST), FIRST = [word_][word SEP]*[alpha SEP][word SEP]*[word_],
#   LAST = [word_]*[alpha][word_]*, SEP = _ · ・ ZWNJ, Ruby's \w being ASCII-only,
# plus the extractor's rule that trims "http"/"https" from a tag followed by "://".
CASES = [
    ("Hello #world", [("world", 6, 12)]),
    ("#MeToo, #YoTambién!", [("MeToo", 0, 6), ("YoTambién", 8, 18)]),
    ("(#tag)", [("tag", 1, 5)]),
    (")#tag", []),  # ")" may not precede
    ("see example.com/#tag", []),  # "/" may not precede
    ("abc#tag", []),  # an ASCII word character may not precede
    ("café#tag", [("tag", 4, 8)]),  # but "é" may: Ruby's \w is ASCII
    ("#123", []),  # no letter
    ("#1st", [("1st", 0, 4)]),
    ("#a", [("a", 0, 2)]),  # too short for FIRST, matched by LAST
    ("#_", []),
    ("#il·lusió", [("il·lusió", 0, 9)]),  # middle dot is a separator inside a tag
    ("#tag· next", [("tag", 0, 4)]),  # but may not end one
    ("#foohttp://example.com", [("foo", 0, 4)]),
    ("#日本語 です", [("日本語", 0, 4)]),
    ("＃tag", []),  # only the ASCII number sign
    ("#a-b", [("a", 0, 2)]),  # "-" is not a tag character
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_mastodon_rules(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(h.tag, h.start, h.end) for h in extract_hashtags(text, "mastodon")] == expected
