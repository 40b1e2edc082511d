"""Give every simulated post its category, author, text, and its fate (deleted, malformed, edited)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._cascade import Skeleton
from groundswell.simulate._catalogue import GROUP_CASUAL, GROUP_PHRASE, Catalogue
from groundswell.simulate._config import (
    BLUESKY,
    MASTODON,
    ORIGINAL,
    PLATFORMS,
    QUOTE,
    REPLY,
    REPOST,
    TWITTER,
)
from groundswell.simulate._people import People, make_people

__all__ = ["World", "assign"]

I64 = NDArray[np.int64]
B = NDArray[np.bool_]
DISCLOSURE, SUPPORT, NEWS, OPPOSITION, UNRELATED = range(5)
_P_ORIGINAL = [0.35, 0.33, 0.14, 0.12, 0.06]
_P_REPLY = [0.20, 0.45, 0.02, 0.20, 0.13]
_P_QUOTE = [0.15, 0.40, 0.15, 0.20, 0.10]
_TAG_REPLY, _TAG_QUOTE = 0.45, 0.6


@dataclass(frozen=True, slots=True)
class World:
    """Everything known about every simulated post (index = post), and the people behind them.

    Attributes:
        t, plat, kind, parent, root: as in ``Skeleton``; ``t`` is the (latest version's) time.
        cta: index of the call to action.
        movement: True for posts of the movement's cascades (False: baseline traffic).
        category: index into ``CATEGORIES`` (reposts: the reposted post's).
        text: catalogue entry (-1 for reposts).
        matching: the movement's matching rule holds for the post.
        account: the author's account index on the post's platform.
        lang: language index of the text (reposts: the reposted post's).
        deleted, malformed, edited: the post's fate in the written files.
        people: the persons and accounts.
    """

    t: I64
    plat: I64
    kind: I64
    parent: I64
    root: I64
    cta: int
    movement: B
    category: I64
    text: I64
    matching: B
    account: I64
    lang: I64
    deleted: B
    malformed: B
    edited: B
    people: People


def _merge(mov: Skeleton, base: Skeleton) -> dict[str, I64]:
    off = len(mov.t)
    out: dict[str, I64] = {}
    for key in ("t", "plat", "kind", "children"):
        out[key] = np.concatenate([getattr(mov, key), getattr(base, key)])
    out["parent"] = np.concatenate([mov.parent, np.where(base.parent >= 0, base.parent + off, -1)])
    out["root"] = np.concatenate([mov.root, base.root + off])
    return out


def _pick(rng: np.random.Generator, choices: I64, weight: NDArray[np.float64], size: int) -> I64:
    """Weighted draw with replacement (cumulative weights and a binary search).

    The uniforms are searched in (nearly) sorted order, which NumPy's search does faster; the
    result is the same as searching them as drawn. Non-negative floats sort as their bits, so
    the order comes from sorting integers: the bits with the index in place of the lowest ones.
    """
    cum = np.cumsum(weight)
    u = rng.random(size) * cum[-1]
    low = max(1, (size - 1).bit_length())
    order = (u.view(np.int64) >> low << low) | np.arange(size, dtype=np.int64)
    order.sort()
    order &= (1 << low) - 1
    found = np.empty(size, dtype=np.int64)
    found[order] = np.searchsorted(cum, u[order], side="right")
    picked: I64 = choices[found.clip(0, len(choices) - 1)]
    return picked


def assign(
    rng: np.random.Generator,
    mov: Skeleton,
    base: Skeleton,
    cat: Catalogue,
    *,
    dependent_lists: bool,
) -> World:
    """Draw categories, people, authors and texts; decide matching, deletions, malformed lines, edits."""
    a = _merge(mov, base)
    n, cta = len(a["t"]), 0
    kind, parent, plat = a["kind"], a["parent"], a["plat"]
    movement = np.arange(n) < len(mov.t)
    own = kind != REPOST
    to_cta = (parent == cta) & ((kind == REPLY) | (kind == QUOTE))

    category = np.full(n, UNRELATED, dtype=np.int64)
    for k, probs in ((ORIGINAL, _P_ORIGINAL), (REPLY, _P_REPLY), (QUOTE, _P_QUOTE)):
        sel = movement & (kind == k)
        category[sel] = rng.choice(5, size=int(sel.sum()), p=probs)
    u = rng.random(n)
    category[to_cta] = np.where(u[to_cta] < 0.8, DISCLOSURE, SUPPORT)
    category[cta] = SUPPORT
    phrase = to_cta & (category == DISCLOSURE)
    has_tag = (
        movement
        & own
        & (
            (kind == ORIGINAL)
            | (category == DISCLOSURE) & ~phrase
            | (kind == REPLY) & (rng.random(n) < _TAG_REPLY)
            | (kind == QUOTE) & (rng.random(n) < _TAG_QUOTE)
        )
    )
    has_tag |= phrase & (rng.random(n) < 0.3)
    has_tag[cta] = True

    slots = np.bincount(plat[movement & own & (category == DISCLOSURE)], minlength=len(PLATFORMS))
    people = make_people(
        rng, slots.astype(np.int64), max(30, n // 4), dependent_lists=dependent_lists
    )
    account = _authors(rng, a, movement, category, people, cta)
    lang = people.lang[_person(people, plat, account)]

    group = np.where(phrase, GROUP_PHRASE + has_tag, 2 * category + has_tag)
    group = np.where(movement, group, GROUP_CASUAL)
    text = np.full(n, -1, dtype=np.int64)
    text[own] = cat.draw(rng, group[own], lang[own])
    text[cta], lang[cta] = cat.call, 0
    tagged = np.array([e.movement_tag for e in cat.entries], dtype=np.bool_)
    matching = np.zeros(n, dtype=np.bool_)
    matching[own] = tagged[text[own]] | phrase[own]
    reposts = ~own
    matching[reposts] = matching[parent[reposts]]
    category[reposts] = category[parent[reposts]]
    lang[reposts] = lang[parent[reposts]]

    leaf = (a["children"] == 0) & (np.arange(n) != cta)
    deletable = leaf & ((plat == TWITTER) | (plat == MASTODON) | (plat == BLUESKY))
    deleted = deletable & (rng.random(n) < 0.015)
    malformed = np.zeros(n, dtype=np.bool_)
    for p in range(len(PLATFORMS) - 1):  # the CSV export has no malformed lines
        pool = np.flatnonzero(leaf & ~deleted & (plat == p) & own)
        k = min(len(pool), 2 + len(pool) // 200_000)
        if k:
            malformed[rng.choice(pool, size=k, replace=False)] = True
    editable = leaf & ~deleted & ~malformed & (plat == TWITTER) & (kind == ORIGINAL)
    edited = editable & (rng.random(n) < 0.004)
    return World(
        t=a["t"], plat=plat, kind=kind, parent=parent, root=a["root"], cta=cta,
        movement=movement, category=category, text=text, matching=matching, account=account, lang=lang,
        deleted=deleted, malformed=malformed, edited=edited, people=people,
    )  # fmt: skip


def _person(people: People, plat: I64, account: I64) -> I64:
    """The person behind each (platform, local account index)."""
    starts = np.cumsum([0] + [len(persons) for persons in people.accounts])
    person: I64 = np.concatenate(people.accounts)[starts[plat] + account]
    return person


def _largest(values: NDArray[np.int64] | NDArray[np.float64], k: int) -> I64:
    """Indices of the ``k`` largest values, largest first, ties in index order.

    The same as ``np.argsort(-values, kind="stable")[:k]`` without sorting everything.
    """
    if k >= len(values):
        everything: I64 = np.argsort(-values, kind="stable")
        return everything
    kth = np.partition(values, len(values) - k)[len(values) - k]
    candidates = np.flatnonzero(values >= kth)
    chosen: I64 = candidates[np.argsort(-values[candidates], kind="stable")[:k]]
    return chosen


def _authors(
    rng: np.random.Generator,
    a: dict[str, I64],
    movement: B,
    category: I64,
    people: People,
    cta: int,
) -> I64:
    """Local account index of each post's author on its platform."""
    n = len(a["t"])
    kind, plat, children = a["kind"], a["plat"], a["children"]
    account = np.zeros(n, dtype=np.int64)
    for p, persons in enumerate(people.accounts):
        on = plat == p
        local = np.arange(len(persons), dtype=np.int64)
        w = people.weight[persons]
        sel = np.flatnonzero(on)
        account[sel] = _pick(rng, local, w, len(sel))
        reposts = np.flatnonzero(on & (kind == REPOST))
        account[reposts] = _pick(rng, local, np.sqrt(w), len(reposts))
        top = local[_largest(w, max(12, len(w) // 33))]
        news = np.flatnonzero(on & movement & (category == NEWS) & (kind != REPOST))
        outlets = top[: max(1, len(local) // 33)]
        account[news] = outlets[rng.integers(0, len(outlets), size=len(news))]
        own_mov = np.flatnonzero(on & movement & (kind != REPOST))
        celebs = own_mov[_largest(children[own_mov], 12)]
        account[celebs] = top[: len(celebs)]
        slots = rng.permutation(
            np.flatnonzero(on & movement & (kind != REPOST) & (category == DISCLOSURE))
        )
        disclosers = np.flatnonzero(people.discloses[persons, p])
        first = min(len(disclosers), len(slots))
        account[slots[:first]] = rng.permutation(disclosers)[:first]
        if len(disclosers) and len(slots) > first:
            account[slots[first:]] = _pick(rng, disclosers, w[disclosers], len(slots) - first)
        elif len(slots) > first:
            category[slots[first:]] = SUPPORT
    account[cta] = (
        0 if plat[cta] != TWITTER else int(np.argmax(people.weight[people.accounts[TWITTER]]))
    )
    return account
