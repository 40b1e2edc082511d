"""People's roles in a movement: voices (wrote a matching post) and amplifiers (reposted one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Role", "RoleCounts", "compute_roles", "count_roles"]


class Role(StrEnum):
    """What a person did in a movement; one person can have both roles."""

    VOICE = "voice"
    """Wrote a matching original post, reply or quote."""
    AMPLIFIER = "amplifier"
    """Reposted a matching post."""


@dataclass(frozen=True, slots=True)
class RoleCounts:
    """Distinct people per role.

    Attributes:
        voices: people with the voice role.
        amplifiers: people with the amplifier role.
        both: people with both roles.
        people: people with any role.
    """

    voices: int
    amplifiers: int
    both: int
    people: int


def compute_roles(rows: Iterable[tuple[str | None, str, bool]]) -> dict[str, frozenset[Role]]:
    """Return each author's roles from ``(author, kind, matched)`` rows; unknown authors are skipped.

    ``kind`` is ``original``, ``reply``, ``quote`` or ``repost``; only matched rows give roles.
    """
    roles: dict[str, set[Role]] = {}
    for author, kind, matched in rows:
        if author is None or not matched:
            continue
        role = Role.AMPLIFIER if kind == "repost" else Role.VOICE
        roles.setdefault(author, set()).add(role)
    return {author: frozenset(found) for author, found in roles.items()}


def count_roles(roles: dict[str, frozenset[Role]]) -> RoleCounts:
    """Count distinct people per role in the result of ``compute_roles``."""
    voices = sum(Role.VOICE in found for found in roles.values())
    amplifiers = sum(Role.AMPLIFIER in found for found in roles.values())
    both = sum(len(found) == 2 for found in roles.values())
    return RoleCounts(voices=voices, amplifiers=amplifiers, both=both, people=len(roles))
