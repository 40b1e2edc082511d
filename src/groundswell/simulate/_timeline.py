"""When and where cascades start: the quiet early years, the call to action, the surge and its waves."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from groundswell.simulate._arrays import distinct
from groundswell.simulate._cascade import Immigrants, Skeleton, TooFew, diurnal, grow
from groundswell.simulate._config import DAY_MS, PLATFORMS, TWITTER, MovementSpec, ms

__all__ = ["baseline_skeleton", "movement_skeleton"]

I64 = NDArray[np.int64]
_OPENS = np.array([p.opens_ms for p in PLATFORMS], dtype=np.int64)
_ERA_WEIGHTS = np.array(
    [
        [0.00, 0.00, 0.00, 1.00, 0.00],  # before 2013: early uses on reddit
        [0.60, 0.05, 0.00, 0.15, 0.20],  # 2013 .. 2024-02: twitter's era
        [0.25, 0.15, 0.40, 0.10, 0.10],  # from 2024-02: bluesky open to all
    ]
)
_ERA_STARTS = np.array([0, ms("2013-01-01T00:00:00"), PLATFORMS[2].opens_ms], dtype=np.int64)


def _platforms(rng: np.random.Generator, t: I64, weights: NDArray[np.float64] | None = None) -> I64:
    """A platform per time: by era, among platforms open at that time."""
    table = _ERA_WEIGHTS if weights is None else weights
    era = np.searchsorted(_ERA_STARTS, t, side="right") - 1
    u = rng.random(len(t))
    # the weights depend only on the era and on how many platforms are open: a few cases, each
    # worked out once, on one of its times (with the arithmetic once done on every time)
    case = era * (len(_OPENS) + 1) + np.searchsorted(np.sort(_OPENS), t, side="right")
    plat = np.empty(len(t), dtype=np.int64)
    for c in distinct(case).tolist():
        on = np.flatnonzero(case == c)
        w = table[era[on[:1]]] * (t[on[:1], None] >= _OPENS[None, :])
        cum = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)[0]
        plat[on] = np.searchsorted(cum, u[on], side="left")  # how many are below u
    out: I64 = np.minimum(plat, len(PLATFORMS) - 1)
    return out


def _surge_times(rng: np.random.Generator, spec: MovementSpec, t0: int, n: int) -> I64:
    """Times of cascade starts after the call to action: surge, long tail, waves, background."""
    waves = np.array([w[1] for w in spec.waves])
    shares = np.concatenate([[0.55, 0.17, 0.05], waves])
    comp = rng.choice(len(shares), size=n, p=shares / shares.sum())
    t = np.empty(n, dtype=np.int64)
    days = rng.exponential(3.0, n)
    t[comp == 0] = t0 + HOUR + (days[comp == 0] * DAY_MS).astype(np.int64)
    tail = rng.lognormal(np.log(45.0), 1.3, n) * DAY_MS
    t[comp == 1] = t0 + 2 * DAY_MS + tail[comp == 1].astype(np.int64)
    t[comp == 2] = rng.integers(t0 + DAY_MS, spec.end_ms, size=n)[comp == 2]
    for i, (centre, _, scale) in enumerate(spec.waves):
        sel = comp == 3 + i
        t[sel] = centre + (rng.exponential(scale, int(sel.sum())) * DAY_MS).astype(np.int64)
    return np.minimum(t, spec.end_ms - HOUR)


HOUR = 3_600_000


def movement_skeleton(
    rng: np.random.Generator, spec: MovementSpec, target: int
) -> tuple[Skeleton, int]:
    """Cascades of the movement, exactly ``target`` posts; returns them and the call's index (0)."""
    quiet_n = max(8, target // 2500)
    t0 = spec.ignition_ms + int(rng.integers(0, 60_000))
    cta_mu = max(30.0, 0.05 * target)
    celeb_boost = min(60.0, 5.0 + target / 5000)
    n_imm = max(20, int(target * 0.37))
    for _ in range(12):
        quiet_t = np.sort(rng.integers(spec.quiet_start_ms, t0 - 20 * DAY_MS, size=quiet_n))
        surge_t = _surge_times(rng, spec, t0, n_imm)
        t = np.concatenate([[t0], quiet_t, surge_t]).astype(np.int64)
        t[1:] = diurnal(rng, t[1:], np.full(len(t) - 1, TWITTER))
        t[1 : 1 + quiet_n] = np.minimum(t[1 : 1 + quiet_n], t0 - 19 * DAY_MS)
        plat = _platforms(rng, t)
        plat[0] = TWITTER
        mu = 0.85 * rng.lognormal(-0.845, 1.3, len(t))
        mu[1 : 1 + quiet_n] *= 0.3
        celebs = 1 + quiet_n + rng.choice(n_imm, size=min(12, max(1, n_imm // 200)), replace=False)
        mu[celebs] = np.maximum(mu[celebs], 1.0) * celeb_boost
        mu[0] = cta_mu
        priority = np.concatenate([[-2.0], np.full(quiet_n, -1.0), rng.random(n_imm)])
        imm = Immigrants(t=t, plat=plat, mu=mu, priority=priority)
        try:
            return grow(rng, imm, target=target, m=0.7, end_ms=spec.end_ms, cta=0), 0
        except TooFew as short:
            n_imm = int(n_imm * 1.1 * target / max(short.total, 1)) + 20
    raise RuntimeError("simulator could not grow enough movement posts")


def baseline_skeleton(rng: np.random.Generator, spec: MovementSpec, target: int) -> Skeleton:
    """Everyday traffic that is not the movement, with its own small cascades."""
    n_imm = max(10, int(target * 0.8))
    busy_start, busy_end = spec.ignition_ms - 45 * DAY_MS, spec.ignition_ms + 75 * DAY_MS
    for _ in range(12):
        busy = rng.random(n_imm) < 0.6
        t = np.where(
            busy,
            rng.integers(busy_start, busy_end, size=n_imm),
            rng.integers(ms("2013-01-01T00:00:00"), spec.end_ms - DAY_MS, size=n_imm),
        ).astype(np.int64)
        plat = _platforms(rng, t)
        t = diurnal(rng, t, plat)
        mu = 0.4 * rng.lognormal(-0.845, 1.3, n_imm)
        imm = Immigrants(t=t, plat=plat, mu=mu, priority=rng.random(n_imm))
        try:
            return grow(rng, imm, target=target, m=0.4, end_ms=spec.end_ms)
        except TooFew as short:
            n_imm = int(n_imm * 1.3 * target / max(short.total, 1)) + 10
    raise RuntimeError("simulator could not grow enough baseline posts")
