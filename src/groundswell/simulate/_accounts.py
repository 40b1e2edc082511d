"""Invented account identities per platform: ids, handles, display names, Mastodon instances, DIDs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._arrays import Strs, strs
from groundswell.simulate._config import BLUESKY, FACEBOOK, MASTODON, PLATFORMS, REDDIT, TWITTER
from groundswell.simulate._ids import (
    ascii_strings,
    base36,
    base36_chars,
    decimal_strings,
    random_base32,
)
from groundswell.simulate._people import People

__all__ = ["INSTANCES", "NAMES", "Accounts", "PlatformAccounts"]

_SYL = (
    "ka", "lo", "mi", "ra", "ve", "su", "ti", "no", "ba", "de", "li", "ma", "ro", "sa", "ne", "vi",
    "jo", "el", "an", "ya", "zu", "pa", "ke", "do", "ri", "fa", "ni", "to", "ze", "lu",
)  # fmt: skip
_FIRST = (
    "Alex", "Sam", "Maria", "Lucía", "Camille", "Giulia", "Anna", "Jordan", "Noor", "Elena",
    "Chloé", "Marta", "Lea", "Robin", "Dana", "Inés", "Sofia", "Kim", "Paula", "Mina",
)  # fmt: skip
_LAST = (
    "Rivers", "Moreno", "Laurent", "Bianchi", "Keller", "Stone", "Ortega", "Marchand", "Ricci",
    "Weber", "Hale", "Serrano", "Dupont", "Greco", "Brandt", "Vale", "Ibarra", "Roux", "Conti",
)  # fmt: skip
INSTANCES = (
    "mastodon.social", "mas.to", "mastodon.online", "mstdn.social", "hachyderm.io",
    "piaille.fr", "mastodon.uno", "mastodon.world",
)  # fmt: skip
_INSTANCE_BY_LANG = ((0, 1, 2, 3, 4, 7), (0, 2, 3, 7), (5, 0, 2), (6, 0, 2), (0, 3, 7))
assert all(len(s) == 2 for s in _SYL)  # handles are 10 characters: 2 syllables, _, 5 digits
NAMES = strs([f"{first} {last}" for first in _FIRST for last in _LAST])
"""Every display name; ``PlatformAccounts.name_code`` indexes it."""


@dataclass(frozen=True, slots=True)
class PlatformAccounts:
    """Identity fields of one platform's accounts, indexed by local account index.

    Attributes:
        key: the account key groundswell uses (Twitter user id, Mastodon account URL, Bluesky DID,
            Reddit ``author_fullname``, the export's author id).
        native_id: the platform's own id field (Mastodon: instance-local id; Reddit: ``t2_…``).
        handle: username as written after ``@`` (Reddit: the author name).
        name_code: display name, as its index in ``NAMES``.
        instance: Mastodon instance index into ``INSTANCES`` (others: 0).
    """

    key: Strs
    native_id: Strs
    handle: Strs
    name_code: NDArray[np.int64]
    instance: NDArray[np.int64]


class Accounts:
    """Every platform's accounts, each platform's made on first use from its own random stream.

    A forked writer makes only the platforms it writes, and the identities do not depend on which
    process makes them or in what order: ``accounts[p]`` is the same wherever it is asked for.
    """

    def __init__(self, rng: np.random.Generator, people: People) -> None:
        self._people = people
        self._rngs = rng.spawn(len(PLATFORMS))
        self._made: dict[int, PlatformAccounts] = {}

    def __getitem__(self, platform: int) -> PlatformAccounts:
        made = self._made.get(platform)
        if made is None:
            made = self._made[platform] = _make(self._rngs[platform], self._people, platform)
        return made

    def column(self, name: str) -> list[Strs]:
        """A string field (``key``, ``native_id`` or ``handle``) of every platform, in order."""
        return [getattr(self[p], name) for p in range(len(PLATFORMS))]


def _make(rng: np.random.Generator, people: People, p: int) -> PlatformAccounts:
    """The identities of platform ``p``'s accounts."""
    persons = people.accounts[p]
    n = len(persons)
    local = np.arange(n, dtype=np.int64)
    a, b = rng.integers(0, len(_SYL), n), rng.integers(0, len(_SYL), n)
    handle = _handles(a * len(_SYL) + b, local, p == BLUESKY)
    f, g = rng.integers(0, len(_FIRST), n), rng.integers(0, len(_LAST), n)
    code = f * len(_LAST) + g
    inst = np.zeros(n, dtype=np.int64)
    if p == TWITTER:
        nid = _decimal(600_000_000 + local * 1013 + rng.integers(0, 1013, n))
        key = nid
    elif p == MASTODON:
        lang = people.lang[persons]
        for li, options in enumerate(_INSTANCE_BY_LANG):
            sel = lang == li
            inst[sel] = np.asarray(options)[rng.integers(0, len(options), int(sel.sum()))]
        nid = _decimal(109_000_000_000_000_000 + local * 65_537 + rng.integers(0, 65_537, n))
        key = strs([f"https://{i}/@" for i in INSTANCES])[inst] + handle
    elif p == BLUESKY:
        key = strs(random_base32(rng, n, 24, "did:plc:"))
        nid = key
    elif p == REDDIT:
        nid = strs(base36(1_000_000 + local * 37 + rng.integers(0, 37, n), 8, "t2_"))
        key = nid
    else:
        assert p == FACEBOOK
        nid = _decimal(100_000_000_000_000 + local * 7_919 + rng.integers(0, 7_919, n))
        key = nid
    return PlatformAccounts(key, nid, handle, code, inst)


def _decimal(values: NDArray[np.int64]) -> Strs:
    return strs(decimal_strings(values))


def _handles(syllables: NDArray[np.int64], local: NDArray[np.int64], bluesky: bool) -> Strs:
    """``{syllable}{syllable}_{base36 serial}`` (Bluesky: ``-`` and ``.bsky.social``)."""
    pairs = np.frombuffer("".join(x + y for x in _SYL for y in _SYL).encode(), dtype=np.uint8)
    suffix = b".bsky.social" if bluesky else b""
    chars = np.empty((len(local), 10 + len(suffix)), dtype=np.uint8)
    chars[:, :4] = pairs.reshape(-1, 4)[syllables]
    chars[:, 4] = ord("-" if bluesky else "_")
    chars[:, 5:10] = base36_chars(local, 5)
    chars[:, 10:] = np.frombuffer(suffix, dtype=np.uint8)
    return strs(ascii_strings(chars))
