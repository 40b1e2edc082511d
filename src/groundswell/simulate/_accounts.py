"""Invented account identities per platform: ids, handles, display names, Mastodon instances, DIDs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._arrays import Strs, strs
from groundswell.simulate._config import BLUESKY, FACEBOOK, MASTODON, PLATFORMS, REDDIT, TWITTER
from groundswell.simulate._ids import base36_chars, random_base32_chars
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
_PROFILES = arrow.strings([f"https://{i}/@" for i in INSTANCES])
"""A Mastodon account's URL before its handle, by instance."""


@dataclass(frozen=True)
class PlatformAccounts:
    """Identity fields of one platform's accounts, indexed by local account index.

    The string fields are Arrow string arrays (``keys``, ``native_ids``, ``handles``); the same
    as object arrays of Python strings (``key``, ``native_id``, ``handle``) are made when first
    asked for.

    Attributes:
        keys: the account key groundswell uses (Twitter user id, Mastodon account URL, Bluesky
            DID, Reddit ``author_fullname``, the export's author id).
        native_ids: the platform's own id field (Mastodon: instance-local id; Reddit: ``t2_…``).
        handles: username as written after ``@`` (Reddit: the author name).
        name_code: display name, as its index in ``NAMES``.
        instance: Mastodon instance index into ``INSTANCES`` (others: 0).
    """

    keys: pa.Array
    native_ids: pa.Array
    handles: pa.Array
    name_code: NDArray[np.int64]
    instance: NDArray[np.int64]

    @cached_property
    def key(self) -> Strs:
        """``keys`` as Python strings."""
        return strs(self.keys.to_pylist())

    @cached_property
    def native_id(self) -> Strs:
        """``native_ids`` as Python strings."""
        return strs(self.native_ids.to_pylist())

    @cached_property
    def handle(self) -> Strs:
        """``handles`` as Python strings."""
        return strs(self.handles.to_pylist())


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

    def column(self, name: str) -> pa.Array:
        """A string field (``keys``, ``native_ids`` or ``handles``) of every platform's accounts,
        platform after platform, as one array."""
        return pa.concat_arrays([getattr(self[p], name) for p in range(len(PLATFORMS))])


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
        nid = arrow.decimals(600_000_000 + local * 1013 + rng.integers(0, 1013, n))
        key = nid
    elif p == MASTODON:
        lang = people.lang[persons]
        for li, options in enumerate(_INSTANCE_BY_LANG):
            sel = lang == li
            inst[sel] = np.asarray(options)[rng.integers(0, len(options), int(sel.sum()))]
        nid = arrow.decimals(109_000_000_000_000_000 + local * 65_537 + rng.integers(0, 65_537, n))
        key = arrow.joined(_PROFILES.take(arrow.ints(inst)), handle)
    elif p == BLUESKY:
        key = arrow.fixed_width(random_base32_chars(rng, n, 24, "did:plc:"))
        nid = key
    elif p == REDDIT:
        nid = arrow.joined(
            "t2_",
            arrow.fixed_width(base36_chars(1_000_000 + local * 37 + rng.integers(0, 37, n), 8)),
        )
        key = nid
    else:
        assert p == FACEBOOK
        nid = arrow.decimals(100_000_000_000_000 + local * 7_919 + rng.integers(0, 7_919, n))
        key = nid
    return PlatformAccounts(key, nid, handle, code, inst)


def _handles(syllables: NDArray[np.int64], local: NDArray[np.int64], bluesky: bool) -> pa.Array:
    """``{syllable}{syllable}_{base36 serial}`` (Bluesky: ``-`` and ``.bsky.social``)."""
    pairs = np.frombuffer("".join(x + y for x in _SYL for y in _SYL).encode(), dtype=np.uint8)
    suffix = b".bsky.social" if bluesky else b""
    chars = np.empty((len(local), 10 + len(suffix)), dtype=np.uint8)
    chars[:, :4] = pairs.reshape(-1, 4)[syllables]
    chars[:, 4] = ord("-" if bluesky else "_")
    chars[:, 5:10] = base36_chars(local, 5)
    chars[:, 10:] = np.frombuffer(suffix, dtype=np.uint8)
    return arrow.fixed_width(chars)
