"""The text catalogue: every post text the simulator can write, with its hashtags' offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._templates import (
    CALL_TO_ACTION,
    CASUAL,
    CATEGORIES,
    DECOY_TAGS,
    LANGS,
    ME_TOO_PHRASES,
    PHRASE_REPLIES,
    TAG_VARIANTS,
    TEMPLATES,
)
from groundswell.text.normalize import fold_tag, fold_text

__all__ = ["GROUP_CASUAL", "GROUP_PHRASE", "Catalogue", "TextEntry", "build_catalogue", "group_of"]

GROUP_PHRASE = 2 * len(CATEGORIES)
"""Group code of "me too" replies; ``GROUP_PHRASE + 1`` is the same with a movement hashtag."""
GROUP_CASUAL = GROUP_PHRASE + 2
"""Group code of baseline everyday posts (no movement hashtag)."""
N_GROUPS = GROUP_CASUAL + 1

_SPACES = re.compile(r"\s+")
_TAG_RE = re.compile(r"(?<!\S)#(\w+)")


def group_of(category: int, has_tag: bool) -> int:
    """The catalogue group of an own-words post of ``category`` with or without a movement tag."""
    return 2 * category + int(has_tag)


@dataclass(frozen=True, slots=True)
class TextEntry:
    """One text and where its hashtags are.

    Attributes:
        text: the text as posted.
        tags: ``(tag, start, end, byte_start, byte_end)`` per hashtag: code-point offsets of the
            ``#`` and past the tag, and the same in UTF-8 bytes.
        movement_tag: True when one of the hashtags is a movement variant.
    """

    text: str
    tags: tuple[tuple[str, int, int, int, int], ...]
    movement_tag: bool


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All texts, and for each (group, language) the slice of ``pick`` to draw from.

    Attributes:
        entries: distinct texts.
        pick: entry indices, repeated by weight, grouped by (group, language).
        start: ``start[group, lang]`` first position in ``pick``.
        count: ``count[group, lang]`` number of positions (0 when the group has no text).
        call: entry of the call to action's text.
    """

    entries: list[TextEntry]
    pick: NDArray[np.int64]
    start: NDArray[np.int64]
    count: NDArray[np.int64]
    call: int

    def draw(
        self, rng: np.random.Generator, group: NDArray[np.int64], lang: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Entry indices for posts of the given groups and languages, uniformly within each."""
        count = self.count[group, lang]
        if np.any(count == 0):
            raise ValueError("simulator catalogue has an empty (group, language) cell")
        offset = (rng.random(len(group)) * count).astype(np.int64)
        picked: NDArray[np.int64] = self.pick[self.start[group, lang] + offset]
        return picked


def _entry(text: str, movement: frozenset[str]) -> TextEntry:
    text = _SPACES.sub(" ", text).strip()
    tags = []
    for m in _TAG_RE.finditer(text):
        start, end = m.start(), m.end()
        b_start = len(text[:start].encode())
        b_end = b_start + len(text[start:end].encode())
        tags.append((m.group(1), start, end, b_start, b_end))
    found = any(fold_tag(t[0]) in movement for t in tags)
    return TextEntry(text=text, tags=tuple(tags), movement_tag=found)


def _without_tag(template: str) -> str:
    text = _SPACES.sub(" ", template.replace("{tag}", "")).strip()
    return text.lstrip(":,. ")


def build_catalogue(movement_tags: frozenset[str]) -> Catalogue:
    """Render every template in every variant; ``movement_tags`` are variants folded by ``fold_tag``."""
    entries: list[TextEntry] = []
    index: dict[str, int] = {}
    cells: list[list[list[int]]] = [[[] for _ in LANGS] for _ in range(N_GROUPS)]

    def add(group: int, lang: int, text: str, weight: int = 1) -> None:
        key = _SPACES.sub(" ", text).strip()
        if key not in index:
            index[key] = len(entries)
            entries.append(_entry(key, movement_tags))
        cells[group][lang].extend([index[key]] * weight)

    for li, lang in enumerate(LANGS):
        variants = [(tag, max(1, round(10 * w))) for tag, w in TAG_VARIANTS[lang]]
        for ci, cat in enumerate(CATEGORIES):
            for template in TEMPLATES[cat][lang]:
                for tag, weight in variants:
                    for suffix in ("", " 💜", " #TimesUp") if cat == "support" else ("",):
                        add(
                            group_of(ci, True),
                            li,
                            template.replace("{tag}", "#" + tag) + suffix,
                            weight,
                        )
                add(group_of(ci, False), li, _without_tag(template), 10)
        for template in PHRASE_REPLIES[lang]:
            if "{tag}" in template:
                for tag, weight in variants:
                    add(GROUP_PHRASE + 1, li, template.replace("{tag}", "#" + tag), weight)
            else:
                add(GROUP_PHRASE, li, template, 10)
        for text in CASUAL[lang]:
            add(GROUP_CASUAL, li, text, 20)
            for decoy in DECOY_TAGS[:3] + DECOY_TAGS[-1:]:
                add(GROUP_CASUAL, li, f"{text} #{decoy}", 2)

    pick: list[int] = []
    start = np.zeros((N_GROUPS, len(LANGS)), dtype=np.int64)
    count = np.zeros((N_GROUPS, len(LANGS)), dtype=np.int64)
    for g in range(N_GROUPS):
        for li in range(len(LANGS)):
            start[g, li] = len(pick)
            count[g, li] = len(cells[g][li])
            pick.extend(cells[g][li])
    _check(entries, movement_tags)
    entries.append(_entry(CALL_TO_ACTION, movement_tags))
    return Catalogue(
        entries=entries,
        pick=np.asarray(pick, dtype=np.int64),
        start=start,
        count=count,
        call=len(entries) - 1,
    )


def _check(entries: list[TextEntry], movement_tags: frozenset[str]) -> None:
    """Guard the truth: a text says a "me too" phrase only where the catalogue means it to.

    The phrase test is loose on purpose (folded text, any spaces or punctuation between the
    words, also inside "metoo"), so no reasonable phrase matcher finds a phrase we did not mean.
    """
    loose = [
        re.compile(r"(?<!#)" + r"[\s,.\-…!'\"]*".join(re.escape(w) for w in fold_text(p).split()))
        for p in ME_TOO_PHRASES
    ]
    phrase_texts = {
        _SPACES.sub(" ", t.replace("{tag}", "")).strip()
        for ts in PHRASE_REPLIES.values()
        for t in ts
    }
    casual = {t for ts in CASUAL.values() for t in ts}
    for entry in entries:
        folded = fold_text(_TAG_RE.sub("", entry.text))
        says = any(p.search(folded) for p in loose)
        base = _TAG_RE.sub("", entry.text).strip()
        meant = base in phrase_texts or base in casual
        if says and not meant:
            raise AssertionError(
                f"simulator template says a me-too phrase by accident: {entry.text!r}"
            )
