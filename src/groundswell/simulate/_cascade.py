"""Self-exciting cascades: immigrant posts whose replies, quotes and reposts breed more (Hawkes-like)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._config import PLATFORMS, QUOTE, REPLY, REPOST, TWITTER

__all__ = ["Immigrants", "Skeleton", "TooFew", "diurnal", "grow"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
HOUR_MS = 3_600_000
_PEAK = np.array([p.peak_hour for p in PLATFORMS], dtype=np.float64)
_KIND_CUM = np.cumsum(np.array([p.child_kinds for p in PLATFORMS]), axis=1)


@dataclass(frozen=True, slots=True)
class Immigrants:
    """Posts that start cascades: time (ms), platform, mean number of responses, cascade priority.

    Attributes:
        t: Unix milliseconds.
        plat: platform index into ``PLATFORMS``.
        mu: expected number of direct responses.
        priority: lower is kept first when the total is trimmed to the requested size.
    """

    t: I64
    plat: I64
    mu: F64
    priority: F64


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Posts without authors or texts, in an order where a parent precedes its children.

    Attributes:
        t: Unix milliseconds.
        plat: platform index.
        kind: ORIGINAL, REPLY, QUOTE or REPOST.
        parent: index of the post replied to, quoted or reposted (never a repost); -1 for originals.
        root: index of the thread root (replies); the post itself otherwise.
        cascade: index of the immigrant that started the cascade.
        children: number of posts whose ``parent`` is this post.
    """

    t: I64
    plat: I64
    kind: I64
    parent: I64
    root: I64
    cascade: I64
    children: I64


def diurnal(rng: np.random.Generator, t: I64, plat: I64, amplitude: float = 0.6) -> I64:
    """Move times forward, by thinning, so activity follows each platform's daily cycle."""
    t = t.copy()
    todo = np.arange(len(t))
    for _ in range(3):
        hour = (t[todo] % 86_400_000) * (1 / HOUR_MS)
        accept = (1 + amplitude * np.cos((hour - _PEAK[plat[todo]]) * (np.pi / 12))) / (
            1 + amplitude
        )
        todo = todo[rng.random(len(todo)) > accept]
        if not len(todo):
            break
        t[todo] += rng.integers(HOUR_MS // 2, 8 * HOUR_MS, size=len(todo))
    return t


def grow(
    rng: np.random.Generator,
    imm: Immigrants,
    *,
    target: int,
    m: float,
    end_ms: int,
    cta: int = -1,
) -> Skeleton:
    """Grow cascades from ``imm`` generation by generation, then keep exactly ``target`` posts.

    Each own-words post has Poisson(m · influence) responses with lognormal influence; a repost
    exposes the reposted post again at a third of that rate. Responses come after a heavy-tailed
    (lognormal) delay; a response to a repost refers to the reposted post, as platforms do.
    ``cta`` is the index of the call to action among the immigrants (its responses come fast).
    """
    n0 = len(imm.t)
    cols: dict[str, list[I64]] = {k: [] for k in ("t", "plat", "kind", "parent", "root", "cascade")}
    cur_t, cur_p = imm.t.astype(np.int64), imm.plat.astype(np.int64)
    cur_k = np.zeros(n0, dtype=np.int64)
    cur_idx = np.arange(n0, dtype=np.int64)
    cur_par = np.full(n0, -1, dtype=np.int64)
    cur_root, cur_cas, cur_mu = cur_idx.copy(), cur_idx.copy(), imm.mu.astype(np.float64)
    offset = n0
    while len(cur_t):
        for key, arr in zip(cols, (cur_t, cur_p, cur_k, cur_par, cur_root, cur_cas), strict=True):
            cols[key].append(arr)
        if offset > 3 * target + 1000:
            break
        k = rng.poisson(cur_mu)
        src = np.repeat(np.arange(len(cur_t)), k)
        n = len(src)
        from_cta = cur_idx[src] == cta
        median = np.where(from_cta, 4 * HOUR_MS, 40 * 60_000)
        sigma = np.where(from_cta, 1.0, 1.7)
        delay = np.exp(np.log(median) + sigma * rng.standard_normal(n)).astype(np.int64) + 1000
        plat = cur_p[src]
        t = diurnal(rng, cur_t[src] + delay, plat)
        u = rng.random(n)
        cum = _KIND_CUM[plat]
        kind = np.where(u < cum[:, 0], REPLY, np.where(u < cum[:, 1], QUOTE, REPOST))
        cta_kind = np.where(u < 0.55, REPLY, np.where(u < 0.62, QUOTE, REPOST))
        kind = np.where(from_cta & (plat == TWITTER), cta_kind, kind)
        src_repost = cur_k[src] == REPOST
        parent = np.where(src_repost, cur_par[src], cur_idx[src])
        root = cur_root[src]
        keep = t <= end_ms
        t, plat, kind, parent, root = t[keep], plat[keep], kind[keep], parent[keep], root[keep]
        cas = cur_cas[src][keep]
        idx = offset + np.arange(len(t), dtype=np.int64)
        offset += len(t)
        root = np.where(kind == REPLY, root, np.where(kind == QUOTE, idx, root))
        influence = rng.lognormal(-0.845, 1.3, len(t))  # mean 1
        mu = m * influence * np.where(kind == REPOST, 1 / 3, 1.0)
        cur_t, cur_p, cur_k, cur_idx, cur_par = t, plat, kind.astype(np.int64), idx, parent
        cur_root, cur_cas, cur_mu = root, cas, mu
    full = {key: np.concatenate(parts) for key, parts in cols.items()}
    return _trim(full, imm.priority, target)


def _trim(full: dict[str, I64], priority: F64, target: int) -> Skeleton:
    """Keep whole cascades in priority order, the last one cut by time, to exactly ``target``."""
    total = len(full["t"])
    if total < target:
        raise TooFew(total)
    sizes = np.bincount(full["cascade"], minlength=len(priority))
    order = _stable_order(priority)
    cum = np.cumsum(sizes[order])
    last = int(np.searchsorted(cum, target))
    whole = order[:last]
    chosen = np.zeros(len(priority), dtype=np.bool_)
    chosen[whole] = True
    keep = chosen[full["cascade"]]
    need = target - int(keep.sum())
    if need:
        members = np.flatnonzero(full["cascade"] == order[last])
        members = members[np.argsort(full["t"][members], kind="stable")[:need]]
        keep[members] = True
    new_index = np.cumsum(keep) - 1
    kept = {key: arr[keep] for key, arr in full.items()}
    parent = np.where(kept["parent"] >= 0, new_index[np.maximum(kept["parent"], 0)], -1)
    root = new_index[kept["root"]]
    children = np.bincount(parent[parent >= 0], minlength=target).astype(np.int64)
    return Skeleton(
        t=kept["t"],
        plat=kept["plat"],
        kind=kept["kind"],
        parent=parent,
        root=root,
        cascade=kept["cascade"],
        children=children,
    )


def _stable_order(values: F64) -> I64:
    """``np.argsort(values, kind="stable")`` of floats, faster: NumPy's quicker (unstable) sort,
    then equal values put in index order by sorting their rank packed above their index."""
    order: I64 = np.argsort(values)
    n = len(order)
    bits = max(1, (n - 1).bit_length())
    if n < 2 or 2 * bits > 63 or np.isnan(values[order[-1]]):
        stable: I64 = np.argsort(values, kind="stable")
        return stable
    s = values[order]
    packed = np.zeros(n, dtype=np.int64)
    np.cumsum(s[1:] != s[:-1], out=packed[1:])
    packed <<= bits
    packed |= order
    packed.sort()
    packed &= (1 << bits) - 1
    return packed


class TooFew(Exception):
    """Raised when the cascades came out smaller than asked; the caller adds immigrants."""

    def __init__(self, total: int) -> None:
        super().__init__(total)
        self.total = total
