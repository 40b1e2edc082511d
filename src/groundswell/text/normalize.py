"""Unicode folding for comparing hashtags and phrases: NFKC, case-folding and accent-stripping."""

from __future__ import annotations

import unicodedata

__all__ = ["fold_tag", "fold_text"]

# Diacritics are stripped only from letters of scripts where an accent is commonly dropped in
# typing (Latin, Greek, Cyrillic). Elsewhere a combining mark is part of the letter: Japanese
# voicing marks (か/が), Indic and Thai vowel signs, so those marks are kept.
_FOLDABLE_BASES = (
    (0x0041, 0x024F),  # Basic Latin letters .. Latin Extended-B
    (0x0370, 0x052F),  # Greek and Coptic, Cyrillic, Cyrillic Supplement
    (0x1E00, 0x1FFF),  # Latin Extended Additional, Greek Extended
    (0xFF21, 0xFF5A),  # fullwidth Latin (NFKC maps these first anyway)
)


def _foldable(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _FOLDABLE_BASES)


def fold_text(text: str) -> str:
    """Return ``text`` NFKC-normalised, case-folded, with Latin/Greek/Cyrillic accents removed.

    ``fold_text("YoTambién") == fold_text("yotambien")``; ``fold_text("米兔")`` is unchanged and
    ``fold_text("が") != fold_text("か")``.
    """
    if text.isascii():
        return text.lower()  # NFKC and accent removal change nothing in ASCII; casefold is lower
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    kept: list[str] = []
    base_foldable = False
    for char in decomposed:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            if base_foldable:
                continue
        else:
            base_foldable = _foldable(char)
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return unicodedata.normalize("NFC", folded)


def fold_tag(tag: str) -> str:
    """Return the comparison key of a hashtag: ``fold_text`` of it without a leading ``#``/``＃``.

    ``fold_tag("#YoTambién") == fold_tag("yotambien") == "yotambien"``.
    """
    return fold_text(tag.lstrip("#\uff03"))
