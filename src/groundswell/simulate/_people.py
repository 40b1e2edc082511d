"""The simulated people: a hidden population, who has an account where, and who discloses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._config import PLATFORMS

__all__ = ["LANG_SHARES", "People", "make_people"]

LANG_SHARES = np.array([0.71, 0.10, 0.09, 0.05, 0.05])
"""Shares of en, es, fr, it, de speakers (Pew: 71% of #MeToo tweets were in English)."""

B = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class People:
    """Persons and their accounts.

    Attributes:
        hidden: True for members of the hidden population (people with an experience to disclose).
        lang: language index per person.
        weight: heavy-tailed (Pareto) activity per person.
        member: ``member[person, platform]``: has an account there.
        discloses: ``discloses[person, platform]``: a hidden member who discloses on that platform.
        accounts: per platform, the persons holding its accounts (local account index → person).
        propensity: per platform, P(discloses | hidden member with an account there).
    """

    hidden: B
    lang: NDArray[np.int64]
    weight: NDArray[np.float64]
    member: B
    discloses: B
    accounts: list[NDArray[np.int64]]
    propensity: NDArray[np.float64]


def make_people(
    rng: np.random.Generator,
    disclosure_slots: NDArray[np.int64],
    general: int,
    *,
    dependent_lists: bool,
) -> People:
    """Draw persons so each platform's disclosers fill about 70% of its disclosure posts.

    The hidden population's size H is the smallest that keeps every platform's disclosure
    propensity at or below 0.5; the propensity of platform p is then 0.7·S_p / (H·m_p) for S_p
    disclosure posts and membership rate m_p. Membership is independent across platforms given
    the person; with ``dependent_lists`` a person-level factor makes it positively dependent.
    """
    m = np.array([p.membership for p in PLATFORMS])
    h = max(10, int(np.ceil((0.7 * disclosure_slots / (m * 0.5)).max())))
    n = h + general
    hidden = np.zeros(n, dtype=np.bool_)
    hidden[:h] = True
    lang = rng.choice(len(LANG_SHARES), size=n, p=LANG_SHARES).astype(np.int64)
    weight = rng.pareto(1.3, n) + 1.0
    if dependent_lists:
        z = rng.standard_normal(n)[:, None]
        logit = np.log(m / (1 - m))[None, :] + 1.5 * z
        prob = 1 / (1 + np.exp(-logit))
    else:
        prob = np.broadcast_to(m, (n, len(m)))
    member = rng.random((n, len(m))) < prob
    for p in range(len(m)):  # tiny runs: every platform needs a few accounts
        if member[h:, p].sum() < 3:
            member[h + rng.choice(general, size=min(3, general), replace=False), p] = True
    propensity = np.minimum(1.0, 0.7 * disclosure_slots / (h * m))
    discloses = hidden[:, None] & member & (rng.random((n, len(m))) < propensity[None, :])
    for p in range(len(m)):  # a platform cannot have more disclosers than disclosure posts
        who = np.flatnonzero(discloses[:, p])
        extra = len(who) - int(disclosure_slots[p])
        if extra > 0:
            discloses[rng.choice(who, size=extra, replace=False), p] = False
    accounts = [np.flatnonzero(member[:, p]).astype(np.int64) for p in range(len(m))]
    return People(hidden, lang, weight, member, discloses, accounts, propensity)
