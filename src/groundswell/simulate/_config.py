"""Fixed parameters of a simulated movement: platforms, eras, rates and the movement's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from groundswell.errors import GroundswellError
from groundswell.simulate._templates import ME_TOO_PHRASES, TAG_VARIANTS

__all__ = [
    "KIND_NAMES",
    "ORIGINAL",
    "PLATFORMS",
    "QUOTE",
    "REPLY",
    "REPOST",
    "MovementSpec",
    "PlatformSpec",
    "movement_spec",
    "ms",
]

ORIGINAL, REPLY, QUOTE, REPOST = 0, 1, 2, 3
KIND_NAMES = ("original", "reply", "quote", "repost")
DAY_MS = 86_400_000


def ms(iso: str) -> int:
    """Unix milliseconds of an ISO 8601 UTC time."""
    return int(datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    """How one platform behaves in the simulation.

    Attributes:
        name: platform name as in ``Post.platform``.
        opens_ms: the earliest time a post may carry (the platform's launch, or its id scheme's).
        membership: probability that a person has an account there (independent across platforms
            unless ``dependent_lists``).
        child_kinds: probabilities of reply, quote and repost for a post's responses.
        peak_hour: UTC hour of the daily activity peak.
    """

    name: str
    opens_ms: int
    membership: float
    child_kinds: tuple[float, float, float]
    peak_hour: int


PLATFORMS: tuple[PlatformSpec, ...] = (
    PlatformSpec("twitter", ms("2010-11-05T00:00:00"), 0.55, (0.28, 0.10, 0.62), 20),
    PlatformSpec("mastodon", ms("2016-10-05T00:00:00"), 0.08, (0.45, 0.0, 0.55), 18),
    PlatformSpec("bluesky", ms("2024-02-06T00:00:00"), 0.15, (0.35, 0.10, 0.55), 19),
    PlatformSpec("reddit", ms("2006-01-01T00:00:00"), 0.25, (1.0, 0.0, 0.0), 21),
    PlatformSpec("facebook", ms("2008-01-01T00:00:00"), 0.45, (0.45, 0.0, 0.55), 19),
)
TWITTER, MASTODON, BLUESKY, REDDIT, FACEBOOK = range(5)


@dataclass(frozen=True, slots=True)
class MovementSpec:
    """The movement being simulated and the shape of its history.

    Attributes:
        name: movement name (``metoo``).
        title: how people write it.
        hashtags: every hashtag variant as written, per language.
        phrases: the "me too" phrases that make a reply to the call to action a match.
        quiet_start_ms: first possible early use.
        ignition_ms: time of the call to action (seconds are added from the seed).
        end_ms: end of the simulated window.
        waves: ``(centre_ms, share, scale_days)`` later bursts (anniversaries, news events).
    """

    name: str
    title: str
    hashtags: tuple[str, ...]
    phrases: tuple[str, ...]
    quiet_start_ms: int
    ignition_ms: int
    end_ms: int
    waves: tuple[tuple[int, float, float], ...]


def _variants() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for variants in TAG_VARIANTS.values():
        for tag, _ in variants:
            seen.setdefault(tag, None)
    return tuple(seen)


def movement_spec(name: str) -> MovementSpec:
    """The named movement's spec; only ``metoo`` is simulated so far."""
    if name != "metoo":
        raise GroundswellError(f"the simulator knows no movement {name!r}; use --movement metoo")
    return MovementSpec(
        name="metoo",
        title="#MeToo",
        hashtags=_variants(),
        phrases=ME_TOO_PHRASES,
        quiet_start_ms=ms("2008-01-01T00:00:00"),
        ignition_ms=ms("2017-10-15T20:21:00"),
        end_ms=ms("2025-06-30T23:59:59"),
        waves=(
            (ms("2018-09-09T14:00:00"), 0.06, 3.0),
            (ms("2018-10-15T15:00:00"), 0.03, 2.0),
            (ms("2019-10-15T15:00:00"), 0.02, 2.0),
            (ms("2020-02-24T15:00:00"), 0.02, 2.0),
            (ms("2021-10-15T15:00:00"), 0.01, 2.0),
            (ms("2022-10-15T15:00:00"), 0.01, 2.0),
            (ms("2024-10-15T15:00:00"), 0.04, 3.0),
            (ms("2024-11-12T15:00:00"), 0.04, 10.0),
        ),
    )
