"""fold_tag: the hashtag comparison key (NFKC, accents off for Latin/Greek/Cyrillic, case-folded)."""

from __future__ import annotations

import pytest

from groundswell.text import fold_tag


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("#YoTambién", "yotambien"),
        ("#MeToo", "metoo"),
        ("ＭｅＴｏｏ", "metoo"),  # fullwidth letters (NFKC)
        ("＃metoo", "metoo"),
        ("#MoiAussi", "moiaussi"),
        ("Straße", "strasse"),
        ("Ελλάδα", "ελλαδα"),
        ("#İn", "in"),  # dotted capital I: the dot is a combining mark after NFKD
    ],
)
def test_folds_together(a: str, b: str) -> None:
    assert fold_tag(a) == fold_tag(b) == b


def test_cjk_and_kana_survive() -> None:
    assert fold_tag("#米兔") == "米兔"
    assert fold_tag("が") != fold_tag("か")  # the voicing mark is part of the letter
    assert fold_tag("#미투") == "미투"  # Hangul syllables are recomposed
    assert fold_tag("महात्मा") == "महात्मा"  # Indic vowel signs are kept
