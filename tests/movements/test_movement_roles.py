"""Roles from (author, kind, matched) rows: voices write, amplifiers repost, some do both."""

from __future__ import annotations

from groundswell.movements import Role, compute_roles, count_roles


def test_roles() -> None:
    rows = [
        ("ana", "original", True),
        ("ana", "repost", True),  # ana is both
        ("ben", "reply", True),
        ("ben", "reply", True),  # counted once
        ("cy", "repost", True),
        ("dee", "original", False),  # no match, no role
        ("eve", "quote", True),
        (None, "original", True),  # unknown author: no person
    ]
    roles = compute_roles(rows)
    assert roles == {
        "ana": {Role.VOICE, Role.AMPLIFIER},
        "ben": {Role.VOICE},
        "cy": {Role.AMPLIFIER},
        "eve": {Role.VOICE},
    }
    counts = count_roles(roles)
    assert (counts.voices, counts.amplifiers, counts.both, counts.people) == (3, 2, 1, 4)
