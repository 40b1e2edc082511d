"""Hashtag extraction with each platform's own rules: Twitter (twitter-text), Bluesky, Mastodon."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from groundswell.text.unicode_tables import (
    category,
    is_emoji,
    is_letter,
    is_letter_or_mark,
    is_punctuation,
)

__all__ = ["PLATFORMS", "Hashtag", "extract_hashtags", "is_valid_hashtag"]


@dataclass(frozen=True, slots=True)
class Hashtag:
    """One hashtag found in a text.

    Attributes:
        tag: the hashtag as written, without the ``#``.
        start: index of the ``#`` (code points for twitter and mastodon, UTF-8 bytes for bluesky).
        end: index just past the tag's last character, in the same unit as ``start``.
    """

    tag: str
    start: int
    end: int


# --- Twitter: the rules of twitter-text's Extractor.extractHashtagsWithIndices -----------------

_TWITTER_SPECIAL = frozenset(
    "_"
    "\u200c\u200d"  # zero-width non-joiner, joiner
    "\ua67e"  # Cyrillic kavyka
    "\u05be\u05f3\u05f4"  # Hebrew maqaf, geresh, gershayim
    "\uff5e\u301c"  # fullwidth tilde, wave dash
    "\u309b\u309c\u30a0\u30fb\u3003"  # kana voicing marks, double hyphen, middle dot, ditto mark
    "\u0f0b\u0f0c"  # Tibetan tsheg
    "\u00b7"  # middle dot
)
_TWITTER_HASHES = "#\uff03"

# A URL as twitter-text would find it around a hashtag: with a scheme, or a bare domain followed by
# a path. Not preceded by a letter, digit, @, $ or #, like twitter-text's valid preceding chars.
_URL_RE = re.compile(
    r"(?<![A-Za-z0-9@\uff20$#\uff03\u202a-\u202e])"
    r"(?:https?://[^\s]+|(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}(?::\d+)?/[^\s]*)",
    re.IGNORECASE,
)


def _is_twitter_tag_char(char: str) -> bool:
    return char in _TWITTER_SPECIAL or category(char)[0] in "LM" or category(char) == "Nd"


def _extract_twitter(text: str) -> list[Hashtag]:
    if "#" not in text and "\uff03" not in text:
        return []
    found: list[Hashtag] = []
    size = len(text)
    for index, char in enumerate(text):
        if char not in _TWITTER_HASHES:
            continue
        if index > 0:
            before = text[index - 1]
            if before not in "\ufe0e\ufe0f" and (before == "&" or _is_twitter_tag_char(before)):
                continue
        if index + 1 < size and text[index + 1] in "\ufe0f\u20e3":  # keycap "#️⃣"
            continue
        end = index + 1
        while end < size and _is_twitter_tag_char(text[end]):
            end += 1
        tag = text[index + 1 : end]
        if not any(is_letter_or_mark(c) for c in tag):
            continue
        if text.startswith(("#", "\uff03", "://"), end):
            continue
        found.append(Hashtag(tag, index, end))
    if not found:
        return found
    urls = [match.span() for match in _URL_RE.finditer(text)]
    return [h for h in found if not any(h.start < stop and start < h.end for start, stop in urls)]


# --- Bluesky: HASHTAG_REGEX and detectFacets of @atproto/api rich-text --------------------------

_BLUESKY_MAX_UTF16 = 66  # "#" plus at most 65 UTF-16 code units, as detectFacets checks


def _is_bluesky_first(char: str) -> bool:
    return is_letter(char) or is_emoji(char)


def _is_bluesky_char(char: str) -> bool:
    return _is_bluesky_first(char) or char in "0123456789_-"


def _is_js_space(char: str) -> bool:
    return char.isspace() or char == "\ufeff"


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _extract_bluesky(text: str) -> list[Hashtag]:
    found: list[Hashtag] = []
    size = len(text)
    for index, char in enumerate(text):
        if char != "#" or (index > 0 and not _is_js_space(text[index - 1])):
            continue
        if index + 1 >= size or not _is_bluesky_first(text[index + 1]):
            continue
        end = index + 2
        while end < size and _is_bluesky_char(text[end]):
            end += 1
        while is_punctuation(text[end - 1]):  # strip trailing "_" and "-"
            end -= 1
        tag = text[index + 1 : end]
        if _utf16_length(tag) + 1 > _BLUESKY_MAX_UTF16:
            continue
        start_byte = len(text[:index].encode("utf-8"))
        found.append(Hashtag(tag, start_byte, start_byte + 1 + len(tag.encode("utf-8"))))
    return found


# --- Mastodon: Tag::HASHTAG_RE and Extractor#extract_hashtags_with_indices ----------------------

_MASTODON_SEPARATORS = frozenset("_\u00b7\u30fb\u200c")
# Combining marks that are not Alphabetic in Unicode (diacritics, variation selectors): Ruby's
# [[:alpha:]] excludes them, while vowel signs of Indic and other scripts are Alphabetic.
_NON_ALPHABETIC_MARKS = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
)
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _is_ruby_word(char: str) -> bool:
    cat = category(char)
    return cat[0] in "LM" or cat in ("Nd", "Pc")


def _is_ruby_alpha(char: str) -> bool:
    cat = category(char)
    if cat[0] == "L" or cat in ("Nl", "Mc", "Me"):
        return True
    code = ord(char)
    return cat == "Mn" and not any(lo <= code <= hi for lo, hi in _NON_ALPHABETIC_MARKS)


def _mastodon_tag_length(text: str, start: int) -> int:
    """Length of the tag that Mastodon's regex matches at ``start`` (0 when none)."""
    end = start
    while end < len(text) and (_is_ruby_word(text[end]) or text[end] in _MASTODON_SEPARATORS):
        end += 1
    run = text[start:end]
    # First alternative: word, then word/separator, at least one alpha-or-separator inside, word.
    if run and _is_ruby_word(run[0]):
        inner_ok = [_is_ruby_alpha(c) or c in _MASTODON_SEPARATORS for c in run]
        for length in range(len(run), 2, -1):
            if _is_ruby_word(run[length - 1]) and any(inner_ok[1 : length - 1]):
                return length
    # Second alternative: a run of word characters holding at least one alpha.
    words = 0
    while words < len(run) and _is_ruby_word(run[words]):
        words += 1
    return words if any(_is_ruby_alpha(c) for c in run[:words]) else 0


def _extract_mastodon(text: str) -> list[Hashtag]:
    found: list[Hashtag] = []
    for index, char in enumerate(text):
        if char != "#":
            continue
        if index > 0 and (text[index - 1] in "/)" or text[index - 1] in _ASCII_WORD):
            continue
        length = _mastodon_tag_length(text, index + 1)
        if not length:
            continue
        tag = text[index + 1 : index + 1 + length]
        if text.startswith("://", index + 1 + length):  # "#foohttp://..." keeps "foo"
            trimmed = re.fullmatch(r"(.+)(https?)", tag, re.IGNORECASE | re.DOTALL)
            if trimmed:
                tag = trimmed.group(1)
        found.append(Hashtag(tag, index, index + 1 + len(tag)))
    return found


_EXTRACTORS: dict[str, Callable[[str], list[Hashtag]]] = {
    "bluesky": _extract_bluesky,
    "mastodon": _extract_mastodon,
    "twitter": _extract_twitter,
}
PLATFORMS: tuple[str, ...] = tuple(sorted(_EXTRACTORS))
"""Platforms whose hashtag rules are implemented; other platforms use Twitter's."""


def extract_hashtags(text: str, platform: str = "twitter") -> list[Hashtag]:
    """Return the hashtags in ``text`` in order, found with ``platform``'s own rules.

    Platforms without rules of their own (reddit, instagram, CSV imports) use Twitter's rules,
    which are the most widely copied.
    """
    return _EXTRACTORS.get(platform, _extract_twitter)(text)


def is_valid_hashtag(text: str, platform: str = "twitter") -> bool:
    """Return True when ``text`` (with its ``#``) is exactly one valid hashtag on ``platform``."""
    found = extract_hashtags(text, platform)
    return len(found) == 1 and found[0].tag == text[1:]
