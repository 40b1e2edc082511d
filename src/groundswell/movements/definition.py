"""The movement definition model: hashtag variants, phrase rules, calls to action, events, window."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from groundswell.text.normalize import fold_tag

__all__ = [
    "CallToAction",
    "KeyEvent",
    "Movement",
    "PhraseContext",
    "PhraseRule",
    "Variant",
]


class PhraseContext(StrEnum):
    """Where a phrase such as "me too" counts as joining the movement."""

    REPLY_TO_CALL = "reply-to-call"
    """In a reply to one of the movement's call-to-action posts."""
    QUOTE_OF_CALL = "quote-of-call"
    """In a quote of one of the call-to-action posts."""
    DISCLOSURE = "disclosure"
    """Anywhere inside the window, when the text reads as a first-person disclosure."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One hashtag spelling that counts for the movement.

    Attributes:
        tag: the hashtag as usually written, without ``#`` (e.g. ``YoTambién``).
        languages: language codes the variant is used in (empty: any).
        group: the canonical hashtag this variant belongs to (e.g. ``MeToo``).
    """

    tag: str
    languages: tuple[str, ...] = ()
    group: str = ""

    @property
    def key(self) -> str:
        """The folded comparison key (see ``fold_tag``)."""
        return fold_tag(self.tag)


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """A phrase and the contexts in which writing it counts.

    Attributes:
        text: the phrase, e.g. ``me too``; matched case- and accent-insensitively, with any
            spaces, commas, dots or hyphens between its words.
        contexts: where the phrase counts.
        languages: languages of the phrase (empty: any).
    """

    text: str
    contexts: tuple[PhraseContext, ...]
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CallToAction:
    """A post that asked people to join; replies and quotes to it can count by phrase alone.

    Give ``platform`` and ``id`` when the id is known; otherwise ``author`` (handle as on the
    platform), ``time`` and ``text_pattern`` identify it (see ``matching.is_call_to_action``).

    Attributes:
        platform: platform name as in ``Post.platform``.
        id: the post's id on that platform.
        author: handle of the author, without ``@``.
        time: time of posting (UTC); a post within ``tolerance_minutes`` of it qualifies.
        text_pattern: a case-insensitive regular expression the post's text must contain.
        label: a human description.
        url: where the post can be seen.
        tolerance_minutes: how far from ``time`` a post may be.
    """

    platform: str
    id: str | None = None
    author: str | None = None
    time: datetime | None = None
    text_pattern: str | None = None
    label: str = ""
    url: str = ""
    tolerance_minutes: int = 10


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """A dated event to mark on timelines.

    Attributes:
        date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the precision that is known).
        label: what happened.
        source: URL of a source for the date.
    """

    date: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class Movement:
    """A movement: what counts as taking part, when, and its context.

    Attributes:
        name: short identifier, e.g. ``metoo``.
        title: display title, e.g. ``#MeToo``.
        description: one or two sentences.
        variants: hashtag spellings that count.
        phrases: phrase rules.
        window_start: first day (UTC) when phrase disclosures count; None: no limit.
        window_end: last day (UTC, inclusive); None: open-ended.
        calls_to_action: posts whose replies and quotes count by phrase.
        events: key events.
        related: names of related movements.
        origin: file the definition was read from (not part of the hash).
    """

    name: str
    title: str
    description: str
    variants: tuple[Variant, ...]
    phrases: tuple[PhraseRule, ...] = ()
    window_start: date | None = None
    window_end: date | None = None
    calls_to_action: tuple[CallToAction, ...] = ()
    events: tuple[KeyEvent, ...] = ()
    related: tuple[str, ...] = ()
    origin: str = field(default="", compare=False)

    def variant_keys(self) -> frozenset[str]:
        """Return the folded keys of every variant, for ``list_has_any`` in SQL or set tests."""
        return _keys_of(self.variants)

    def variant_for(self, key: str) -> Variant | None:
        """Return the variant whose folded key is ``key``, or None."""
        return next((v for v in self.variants if v.key == key), None)

    def call_ids(self, platform: str | None = None) -> frozenset[str]:
        """Return the ids of the calls to action given by id (on ``platform`` when given)."""
        return frozenset(
            call.id
            for call in self.calls_to_action
            if call.id is not None and (platform is None or call.platform == platform)
        )

    def in_window(self, when: datetime | date | None) -> bool:
        """Return True when ``when`` falls inside the window (unknown times count as inside)."""
        if when is None:
            return True
        day = when.date() if isinstance(when, datetime) else when
        if self.window_start is not None and day < self.window_start:
            return False
        return self.window_end is None or day <= self.window_end

    def normalized(self) -> dict[str, object]:
        """Return the definition as plain JSON values: variants as folded keys sorted, no origin."""
        data = asdict(self)
        del data["origin"]
        data["variants"] = sorted(
            (
                {"key": v.key, "languages": sorted(v.languages), "group": fold_tag(v.group)}
                for v in self.variants
            ),
            key=lambda v: str(v["key"]),
        )
        return data

    def definition_hash(self) -> str:
        """Return a stable sha256 (hex) of the normalised definition, to record with results."""
        text = json.dumps(self.normalized(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=256)
def _keys_of(variants: tuple[Variant, ...]) -> frozenset[str]:
    """The folded keys of ``variants`` (cached: matching asks for them once per post)."""
    return frozenset(variant.key for variant in variants)
