"""Invented account identities per platform: ids, handles, display names, Mastodon instances, DIDs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._config import BLUESKY, FACEBOOK, MASTODON, REDDIT, TWITTER
from groundswell.simulate._ids import base36, random_base32
from groundswell.simulate._people import People

__all__ = ["INSTANCES", "Accounts", "make_accounts"]

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


@dataclass(frozen=True, slots=True)
class Accounts:
    """Identity fields per platform, indexed by local account index.

    Attributes:
        key: the account key groundswell uses (Twitter user id, Mastodon account URL, Bluesky DID,
            Reddit ``author_fullname``, the export's author id).
        native_id: the platform's own id field (Mastodon: instance-local id; Reddit: ``t2_…``).
        handle: username as written after ``@`` (Reddit: the author name).
        name: display name.
        instance: Mastodon instance index into ``INSTANCES`` (others: 0).
    """

    key: list[list[str]]
    native_id: list[list[str]]
    handle: list[list[str]]
    name: list[list[str]]
    instance: list[NDArray[np.int64]]


def make_accounts(rng: np.random.Generator, people: People) -> Accounts:
    """Invent identities for every account of every platform."""
    keys, ids, handles, names, instances = [], [], [], [], []
    for p, persons in enumerate(people.accounts):
        n = len(persons)
        local = np.arange(n, dtype=np.int64)
        a, b = rng.integers(0, len(_SYL), n), rng.integers(0, len(_SYL), n)
        tail = base36(local, 5)
        handle = [
            f"{_SYL[i]}{_SYL[j]}_{t}" for i, j, t in zip(a.tolist(), b.tolist(), tail, strict=True)
        ]
        f, g = rng.integers(0, len(_FIRST), n), rng.integers(0, len(_LAST), n)
        name = [f"{_FIRST[i]} {_LAST[j]}" for i, j in zip(f.tolist(), g.tolist(), strict=True)]
        inst = np.zeros(n, dtype=np.int64)
        if p == TWITTER:
            nid = [str(v) for v in (600_000_000 + local * 1013 + rng.integers(0, 1013, n)).tolist()]
            key = nid
        elif p == MASTODON:
            lang = people.lang[persons]
            for li, options in enumerate(_INSTANCE_BY_LANG):
                sel = lang == li
                inst[sel] = np.asarray(options)[rng.integers(0, len(options), int(sel.sum()))]
            nid = [
                str(v)
                for v in (
                    109_000_000_000_000_000 + local * 65_537 + rng.integers(0, 65_537, n)
                ).tolist()
            ]
            key = [
                f"https://{INSTANCES[i]}/@{h}" for i, h in zip(inst.tolist(), handle, strict=True)
            ]
        elif p == BLUESKY:
            key = random_base32(rng, n, 24, "did:plc:")
            nid = key
            handle = [h.replace("_", "-") + ".bsky.social" for h in handle]
        elif p == REDDIT:
            nid = ["t2_" + s for s in base36(1_000_000 + local * 37 + rng.integers(0, 37, n), 8)]
            key = nid
        else:
            assert p == FACEBOOK
            nid = [
                str(v)
                for v in (100_000_000_000_000 + local * 7_919 + rng.integers(0, 7_919, n)).tolist()
            ]
            key = nid
        keys.append(key)
        ids.append(nid)
        handles.append(handle)
        names.append(name)
        instances.append(inst)
    return Accounts(keys, ids, handles, names, instances)
