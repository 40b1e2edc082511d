"""Decide whether a text uses a movement phrase ("me too") in a context that counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from groundswell.movements.definition import PhraseContext
from groundswell.text.normalize import fold_text

__all__ = ["PhraseHit", "classify_phrase", "find_phrase", "is_disclosure"]

_SEPARATORS = r"[\s,.\-…!'\"]*"
# Harm named outright: enough together with a first-person frame.
_STRONG = (
    r"(?:harass\w*|assault\w*|rap(?:e|ed|es|ing|ist)\b|molest\w*|grop\w*|abus\w*|catcall\w*"
    r"|stalk\w*|fondl\w*|masturbat\w*|exposed himself|flash(?:ed|er)\b|coerc\w*|violat\w*"
    r"|sexual misconduct|unwanted advances?|roofied|drugged)"
)
# Acts that are harm only with a sign of force or of who did it ("kissed me" alone is not).
_WEAK = r"(?:touch\w*|grabb?\w*|kiss\w*|follow\w*|corner\w*|pinn?\w*|forc\w*|push\w*|pressur\w*)"
_FORCE = re.compile(
    r"without (?:my )?consent|against my will|didn.?t want|did not want|unwanted|forcibly"
    r"|inappropriate\w*|i said no|stranger|boss|teacher|coach|manager|professor|doctor|uncle"
    r"|cousin|co-?worker|colleague|older (?:man|guy)|on the (?:bus|subway|train|tube|metro)"
    r"|at work|at school|at a party|in an? (?:elevator|bar|office)|when i was|i was \d+|at \d+\b"
)
_GAP = r"(?:(?!about|reading|watching|talking|writing|thinking|hearing|learning|tweeting|never|not\b)\w+\s+){0,3}"
_FIRST_PERSON_HARM = re.compile(
    r"\bi(?:\s+(?:was|am|got|have been|had been|ve been|d been)|'m|'ve been|'d been|m)\s+"
    + _GAP
    + _STRONG
)
_HARM_TO_ME = re.compile(
    _STRONG + r"\s+(?:(?:to|on|at|next to|in front of)\s+)?(?:me|my(?:self)?)\b"
)
# Telegraphic disclosures name the harm and the age: "raped at 20", "the abuse started when i was 6".
_HARM_AT_AGE = re.compile(
    _STRONG
    + r"[^.!?]{0,30}?\b(?:at (?:age )?\d{1,2}\b|when i was|since i was|as a (?:kid|child|teen))"
)
_WEAK_TO_ME = re.compile(_WEAK + r"\s+(?:me|my)\b")
_SURVIVOR = re.compile(
    r"happened to me|i(?:'m| am|m) a survivor|survivor of|"
    r"my (?:rapist|abuser|harasser|attacker|assailant|assault|rape|abuse|molester)"
)
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't|\bno)\s+(?:\w+\s+)?$")


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """Why a phrase counted.

    Attributes:
        context: the context in which it counted.
        detail: the phrase and the cue that decided, e.g. ``"me too" + "groped me"``.
    """

    context: PhraseContext
    detail: str


@lru_cache(maxsize=64)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    words = fold_text(phrase).split()
    body = _SEPARATORS.join(re.escape(word) for word in words)
    return re.compile(r"(?<![\w#])(?<!# )" + body + r"(?!\w)")


def _prepare(text: str) -> str:
    return fold_text(text).replace("\u2019", "'").replace("\u2018", "'")


def find_phrase(text: str, phrase: str) -> re.Match[str] | None:
    """Return the first occurrence of ``phrase`` in ``text`` that is not negated, or None.

    Matching is folded (case, accents, width) and allows spaces or punctuation between the
    phrase's words (``Me, too.``, ``metoo``); a hashtag (``#metoo``) is not the phrase.
    """
    prepared = _prepare(text)
    for match in _phrase_re(phrase).finditer(prepared):
        if not _NEGATED.search(prepared[: match.start()]):
            return match
    return None


def is_disclosure(text: str) -> str | None:
    """Return the cue that makes ``text`` read as a first-person disclosure of harm, or None."""
    prepared = _prepare(text)
    for pattern in (_FIRST_PERSON_HARM, _HARM_TO_ME, _HARM_AT_AGE, _SURVIVOR):
        found = pattern.search(prepared)
        if found:
            return found.group(0)
    weak = _WEAK_TO_ME.search(prepared)
    if weak:
        force = _FORCE.search(prepared)
        if force:
            return f"{weak.group(0)} … {force.group(0)}"
    return None


def classify_phrase(
    text: str | None,
    phrase: str,
    contexts: tuple[PhraseContext, ...],
    *,
    replies_to_call: bool = False,
    quotes_call: bool = False,
    in_window: bool = True,
) -> PhraseHit | None:
    """Return why ``text`` joins the movement by ``phrase`` in one of ``contexts``, or None.

    A reply to (quote of) a call to action counts when the phrase appears. Elsewhere the phrase
    counts only inside the window and when the text reads as a first-person disclosure, so casual
    agreement ("pizza tonight? me too!") never counts.
    """
    if not text:
        return None
    found = find_phrase(text, phrase)
    if found is None:
        return None
    quoted = f'"{phrase}"'
    if replies_to_call and PhraseContext.REPLY_TO_CALL in contexts:
        return PhraseHit(PhraseContext.REPLY_TO_CALL, quoted)
    if quotes_call and PhraseContext.QUOTE_OF_CALL in contexts:
        return PhraseHit(PhraseContext.QUOTE_OF_CALL, quoted)
    if in_window and PhraseContext.DISCLOSURE in contexts:
        cue = is_disclosure(text)
        if cue is not None:
            return PhraseHit(PhraseContext.DISCLOSURE, f'{quoted} + "{cue}"')
    return None
