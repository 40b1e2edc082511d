"""Kleinberg (2002) burst detection on batched counts, decoded exactly with Viterbi.

Kleinberg, J. "Bursty and Hierarchical Structure in Streams", KDD 2002, section 4 (the batched
model). In interval t, r_t of d_t posts belong to the movement. State i emits with probability
p_i = p0 * s**i, where p0 = sum(r) / sum(d); its cost is -ln Binomial(d_t, r_t, p_i). Moving up
from state i to j > i costs (j - i) * gamma * ln(n), n = number of intervals; moving down is free;
the sequence starts in state 0. The optimal state sequence is found by Viterbi (dynamic
programming), not greedily: the greedy decoder of the PyPI package ``burst-detection`` 0.1.3 gives
a non-optimal answer on the worked example in ``../shared/METHODS.md``.

The Viterbi core and the burst hierarchy are shared with the infinite-state model on event times
(`groundswell.methods.kleinberg_stream`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from groundswell.errors import EstimationError

__all__ = [
    "BatchedBursts",
    "Burst",
    "batched_bursts",
    "binomial_costs",
    "burst_hierarchy",
    "viterbi_up_costly",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Burst:
    """One burst: a maximal run of steps at or above ``level``.

    Attributes:
        level: the state (0 is the base rate; a level-0 burst spans the whole stream).
        start: where the run begins (an interval index in the batched model, an event time in the
            stream model).
        end: where the run ends, inclusive (same unit as ``start``).
        weight: Kleinberg's weight: the cost saved over the run by being in ``level`` rather than
            ``level - 1``, i.e. sum over its steps of cost(level - 1) - cost(level). Larger means
            a stronger burst; 0.0 for the level-0 span.
    """

    level: int
    start: float
    end: float
    weight: float


@dataclass(frozen=True, slots=True)
class BatchedBursts:
    """The decoded batched model.

    Attributes:
        states: the optimal state of each interval.
        cost: the minimum total cost (emission plus transition costs).
        p: the emission probability of each state, p[i] = p0 * s**i.
        bursts: the burst hierarchy, ``start``/``end`` as inclusive interval indices.
    """

    states: tuple[int, ...]
    cost: float
    p: tuple[float, ...]
    bursts: tuple[Burst, ...]


def viterbi_up_costly(costs: FloatArray, up_cost: float) -> tuple[IntArray, float]:
    """Return the minimum-cost state sequence and its cost.

    ``costs[t, j]`` is the cost of being in state j at step t; moving up from i to j costs
    ``(j - i) * up_cost``, moving down is free, and the sequence starts in state 0 (so entering
    state j at the first step costs ``j * up_cost``). Ties go to the lowest state, as R's
    ``which.min`` does. Time O(n k^2), memory O(n k).
    """
    n, k = costs.shape
    levels = np.arange(k)
    tau = np.maximum(levels[None, :] - levels[:, None], 0) * up_cost  # tau[i, j]
    best = np.full(k, np.inf)
    best[0] = 0.0
    back = np.empty((n, k), dtype=np.int16 if k < 2**15 else np.int64)
    for t in range(n):
        total = best[:, None] + tau
        arg = np.argmin(total, axis=0)
        back[t] = arg
        best = total[arg, levels] + costs[t]
    states = np.empty(n, dtype=np.int64)
    states[-1] = int(np.argmin(best))
    for t in range(n - 1, 0, -1):
        states[t - 1] = back[t, states[t]]
    return states, float(best[states[-1]])


def burst_hierarchy(
    states: Sequence[int] | IntArray,
    starts: Sequence[float],
    ends: Sequence[float],
    costs: FloatArray,
) -> tuple[Burst, ...]:
    """Return the nested bursts of a state sequence, the way R's ``bursts::kleinberg`` builds them.

    Step t covers ``starts[t]``..``ends[t]``. Every rise from level a to b opens bursts a+1..b at
    ``starts[t]``; every fall closes the open bursts above the new level at ``starts[t]`` (the
    end of the previous step); bursts still open close at ``ends[-1]``. A level-0 burst spanning
    everything comes first. Bursts are listed in the order they open. ``costs[t, j]`` gives the
    weights (see `Burst`).
    """
    n = len(states)
    rows: list[list[float]] = [[0, starts[0], ends[n - 1], 0.0]]
    stack: list[int] = []
    previous = 0
    for t in range(n):
        level = int(states[t])
        for opened in range(previous + 1, level + 1):
            stack.append(len(rows))
            rows.append([opened, starts[t], ends[n - 1], 0.0])
        for _ in range(level, previous):
            rows[stack.pop()][2] = ends[t - 1]
        for index in stack:
            at = int(rows[index][0])
            rows[index][3] += float(costs[t, at - 1] - costs[t, at])
        previous = level
    return tuple(Burst(int(r[0]), r[1], r[2], r[3]) for r in rows)


def binomial_costs(r: Sequence[int], d: Sequence[int], p: Sequence[float]) -> FloatArray:
    """Return ``costs[t, i] = -ln Binomial(d_t, r_t, p_i)``, the batched emission costs."""
    rr = np.asarray(r, dtype=np.float64)[:, None]
    dd = np.asarray(d, dtype=np.float64)[:, None]
    pp = np.asarray(p, dtype=np.float64)[None, :]
    log_choose = gammaln(dd + 1) - gammaln(rr + 1) - gammaln(dd - rr + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        hits = np.where(rr > 0, rr * np.log(pp), 0.0)
        misses = np.where(dd - rr > 0, (dd - rr) * np.log1p(-pp), 0.0)
    result: FloatArray = -(log_choose + hits + misses)
    return result


def _check_counts(r: Sequence[int], d: Sequence[int]) -> None:
    if len(r) != len(d) or not r:
        raise EstimationError(
            f"batched bursts need equal, non-empty r and d (got {len(r)} and {len(d)} intervals)"
        )
    for t, (rt, dt) in enumerate(zip(r, d, strict=True)):
        if rt < 0 or dt < rt:
            raise EstimationError(
                f"interval {t}: need 0 <= r <= d, got r={rt}, d={dt}; "
                "r counts movement posts among the d posts of the interval"
            )


def batched_bursts(
    r: Sequence[int], d: Sequence[int], s: float = 2.0, gamma: float = 1.0, states: int = 2
) -> BatchedBursts:
    """Decode Kleinberg's batched burst model with ``states`` states (2 is the classic form).

    Raises `EstimationError` when counts are inconsistent, when ``s <= 1`` or ``gamma <= 0``, or
    when the top state's probability p0 * s**(states - 1) reaches 1 (use fewer states or a
    smaller ``s``). With no movement posts at all (p0 = 0) every interval is in state 0.
    """
    if s <= 1 or gamma <= 0 or states < 2:
        raise EstimationError(f"need s > 1, gamma > 0, states >= 2; got {s}, {gamma}, {states}")
    _check_counts(r, d)
    total_d = sum(d)
    p0 = sum(r) / total_d if total_d else 0.0
    p = tuple(p0 * s**i for i in range(states))
    if p[-1] >= 1:
        raise EstimationError(
            f"state {states - 1} would emit with probability {p[-1]:.4g} >= 1 "
            f"(p0 = {p0:.4g}, s = {s}); lower s or the number of states"
        )
    n = len(r)
    if p0 == 0:
        zeros = (0,) * n
        return BatchedBursts(zeros, 0.0, p, (Burst(0, 0, n - 1, 0.0),))
    costs = binomial_costs(r, d, p)
    path, cost = viterbi_up_costly(costs, gamma * math.log(n))
    index = [float(t) for t in range(n)]
    bursts = burst_hierarchy(path, index, index, costs)
    return BatchedBursts(tuple(int(x) for x in path), cost, p, bursts)
