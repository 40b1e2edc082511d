"""The known truth of a simulation: daily voices, totals, categories, people and identity links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import Accounts
from groundswell.simulate._arrays import distinct, stable_order
from groundswell.simulate._assign import World
from groundswell.simulate._config import DAY_MS, KIND_NAMES, PLATFORMS, REPOST
from groundswell.simulate._ids import decimal_chars
from groundswell.simulate._templates import CATEGORIES

__all__ = ["daily_truth", "disclosure_truth", "write_categories", "write_identity_links"]

I64 = NDArray[np.int64]


def _distinct_per_day(day: I64, key: I64, first_day: int, n_days: int) -> I64:
    pairs = distinct(day * (1 << 44) + key)
    return np.bincount(pairs // (1 << 44) - first_day, minlength=n_days).astype(np.int64)


def daily_truth(w: World) -> dict[str, Any]:
    """Daily and total posts, voices, new voices and amplifiers over matching posts.

    Counted as groundswell must: an account is (platform, author); deleted posts and posts on
    malformed lines are left out; posts include reposts; voices write a matching original, reply
    or quote that day; a new voice's first such post is that day; amplifiers repost a match.
    """
    keep = w.matching & ~w.deleted & ~w.malformed
    key = (w.plat.astype(np.int64) << 40) | w.account
    day = w.t // DAY_MS
    own = keep & (w.kind != REPOST)
    rep = keep & (w.kind == REPOST)
    if not keep.any():
        return {"daily": [], "totals": {"posts": 0, "voices": 0, "amplifiers": 0}}
    first_day, last_day = int(day[keep].min()), int(day[keep].max())
    n_days = last_day - first_day + 1
    posts = np.bincount(day[keep] - first_day, minlength=n_days)
    voices = _distinct_per_day(day[own], key[own], first_day, n_days)
    amplifiers = _distinct_per_day(day[rep], key[rep], first_day, n_days)
    order = stable_order(key[own])  # an account's first post is on the earliest of its days
    k_sorted, d_sorted = key[own][order], day[own][order]
    first = np.ones(len(k_sorted), dtype=np.bool_)
    first[1:] = k_sorted[1:] != k_sorted[:-1]
    first_days = np.minimum.reduceat(d_sorted, np.flatnonzero(first)) if len(d_sorted) else d_sorted
    new = np.bincount(first_days - first_day, minlength=n_days)
    dates = np.arange(first_day, last_day + 1).astype("datetime64[D]").astype(str).tolist()
    daily = [
        {"date": d, "posts": int(p), "voices": int(v), "new_voices": int(nv), "amplifiers": int(a)}
        for d, p, v, nv, a in zip(
            dates, posts.tolist(), voices.tolist(), new.tolist(), amplifiers.tolist(), strict=True
        )
    ]
    by_platform = {}
    for p, spec in enumerate(PLATFORMS):
        on = w.plat == p
        by_platform[spec.name] = {
            "posts": int((keep & on).sum()),
            "voices": int(len(distinct(key[own & on]))),
            "amplifiers": int(len(distinct(key[rep & on]))),
        }
    shares = np.bincount(w.category[keep], minlength=len(CATEGORIES)) / max(int(keep.sum()), 1)
    return {
        "daily": daily,
        "totals": {
            "posts": int(keep.sum()),
            "voices": int(len(distinct(key[own]))),
            "amplifiers": int(len(distinct(key[rep]))),
            "new_voices": int(new.sum()),
        },
        "by_platform": by_platform,
        "categories": {
            c: round(float(s), 6) for c, s in zip(CATEGORIES, shares.tolist(), strict=True)
        },
        "excluded": {
            "deleted_matching": int((w.matching & w.deleted).sum()),
            "malformed_matching": int((w.matching & w.malformed).sum()),
        },
    }


def disclosure_truth(w: World) -> dict[str, Any]:
    """The hidden population and how it shows: membership, propensity, disclosers per platform."""
    people = w.people
    keep = w.matching & ~w.deleted & ~w.malformed & (w.kind != REPOST) & (w.category == 0)
    out: dict[str, Any] = {"hidden_population": int(people.hidden.sum())}
    rate, member, propensity, disclosers, observed = {}, {}, {}, {}, {}
    for p, spec in enumerate(PLATFORMS):
        rate[spec.name] = round(float(spec.membership * people.propensity[p]), 6)
        member[spec.name] = spec.membership
        propensity[spec.name] = round(float(people.propensity[p]), 6)
        disclosers[spec.name] = int(people.discloses[:, p].sum())
        observed[spec.name] = int(len(distinct(w.account[keep & (w.plat == p)])))
    out.update(
        disclosure_rate=rate,
        membership=member,
        disclosure_propensity=propensity,
        disclosers=disclosers,
        disclosers_observed=observed,
    )
    return out


def write_categories(path: Path, w: World, posts: I64, ids: pa.Array, keys: pa.Array) -> None:
    """One row per simulated post: platform, id, category, kind, matching, fate, time, author key.

    Rows follow ``posts`` (world indices) and ``ids`` holds those posts' ids; ``keys`` is
    ``accounts.column("keys")``.
    """
    offsets = np.cumsum([0] + [len(a) for a in w.people.accounts])
    plat = w.plat[posts]
    author = keys.take(arrow.ints(offsets[plat] + w.account[posts]))

    table = pa.table(
        {
            "platform": arrow.codes(plat, [p.name for p in PLATFORMS]),
            "id": ids,
            "category": arrow.codes(w.category[posts], CATEGORIES),
            "kind": arrow.codes(w.kind[posts], KIND_NAMES),
            "matching": arrow.bools(w.matching[posts]),
            "deleted": arrow.bools(w.deleted[posts]),
            "malformed": arrow.bools(w.malformed[posts]),
            "edited": arrow.bools(w.edited[posts]),
            "created_at": arrow.timestamps_ms(w.t[posts]),
            "author": author,
        }
    )
    pq.write_table(
        table, path, compression="zstd", use_dictionary=["platform", "category", "kind", "author"]
    )


def write_identity_links(path: Path, w: World, accounts: Accounts, keys: pa.Array) -> int:
    """``person,platform,account,handle,hidden,discloses``: every account, ordered by person.

    ``keys`` is ``accounts.column("keys")``.
    """
    people = w.people
    person = np.concatenate(people.accounts)
    plat = np.concatenate(
        [np.full(len(a), p, dtype=np.int64) for p, a in enumerate(people.accounts)]
    )
    local = np.concatenate([np.arange(len(a), dtype=np.int64) for a in people.accounts])
    order = stable_order(person * len(PLATFORMS) + plat)
    where = arrow.ints((np.cumsum([0] + [len(a) for a in people.accounts])[plat] + local)[order])
    width = max(7, len(str(int(person.max()))) if len(person) else 7)
    chars = np.empty((len(person), 1 + width), dtype=np.uint8)
    chars[:, 0] = ord("p")
    chars[:, 1:] = decimal_chars(person[order], width)
    table = pa.table(
        {
            "person": arrow.fixed_width(chars),
            "platform": arrow.strings([p.name for p in PLATFORMS]).take(arrow.ints(plat[order])),
            "account": keys.take(where),
            "handle": accounts.column("handles").take(where),
            "hidden": arrow.ints(people.hidden[person[order]].astype(np.int64)),
            "discloses": arrow.ints(people.discloses[person[order], plat[order]].astype(np.int64)),
        }
    )
    with path.open("wb") as out:
        out.write(b"person,platform,account,handle,hidden,discloses\n")
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        pacsv.write_csv(table, out, options)
    return len(table)
