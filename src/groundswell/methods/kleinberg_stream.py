"""Kleinberg (2002) infinite-state burst detection on event times, as R's ``bursts::kleinberg``.

Kleinberg, J. "Bursty and Hierarchical Structure in Streams", KDD 2002, section 2 (the
infinite-state automaton A*_{s,gamma}). Gaps between consecutive events are exponential with rate
alpha_j = s**j / g, g the mean gap, in state j; a gap's cost in state j is -ln(alpha_j
exp(-alpha_j x)) = alpha_j x - ln alpha_j. The automaton is truncated to
k = ceil(1 + log_s(T) + log_s(1 / min gap)) states (T = total time), which Kleinberg shows loses
nothing. Moving up from i to j costs (j - i) gamma ln n (n = number of gaps), moving down is free,
and decoding starts in state 0.

This follows Jeff Binder's CRAN package ``bursts`` (MIT; function ``kleinberg``) step by step:
sorted input, n = number of gaps, the same truncation, ``which.min`` tie-breaking (lowest state),
bursts opened at the first event of their first fast gap and closed at the last event of their
last fast gap. Two deliberate differences: levels start at 0 for the base rate (R prints 1), and a
gap's cost is computed as alpha x - ln alpha rather than -ln(alpha exp(-alpha x)), which is the
same number except that it does not overflow to infinity for very long gaps.

Zero gaps: R stops with "Input cannot contain events with zero time between!" and so does
`stream_bursts` (the model has no state for simultaneous events: min gap 0 makes k infinite).
Platform timestamps often tie at one-second resolution; `spread_ties` spreads tied events evenly
inside their resolution step, a documented choice the caller makes explicitly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groundswell.errors import EstimationError
from groundswell.methods.kleinberg import Burst, FloatArray, burst_hierarchy, viterbi_up_costly

__all__ = ["StreamBursts", "exponential_costs", "spread_ties", "state_count", "stream_bursts"]


@dataclass(frozen=True, slots=True)
class StreamBursts:
    """The decoded infinite-state model.

    Attributes:
        times: the event times, sorted.
        levels: the level of each event: the state of the gap that ends at it (the rate at which
            it arrived); the first event is at the start state 0. This is the per-event output of
            the reference data generated with R's ``bursts``.
        gap_states: the state of each gap between consecutive events (one fewer than events).
        bursts: the burst hierarchy (level, start, end, weight), start and end as event times.
        cost: the minimum total cost.
        states: k, the number of states the automaton was truncated to.
    """

    times: tuple[float, ...]
    levels: tuple[int, ...]
    gap_states: tuple[int, ...]
    bursts: tuple[Burst, ...]
    cost: float
    states: int


def state_count(gaps: Sequence[float], s: float) -> int:
    """Return Kleinberg's number of states k = ceil(1 + log_s(sum gaps) + log_s(1 / min gap))."""
    return math.ceil(1 + math.log(sum(gaps), s) + math.log(1 / min(gaps), s))


def exponential_costs(gaps: Sequence[float], s: float, states: int) -> FloatArray:
    """Return ``costs[t, j] = alpha_j * gap_t - ln alpha_j`` with alpha_j = s**j / mean gap."""
    x = np.asarray(gaps, dtype=np.float64)
    alpha = s ** np.arange(states, dtype=np.float64) / x.mean()
    result: FloatArray = alpha[None, :] * x[:, None] - np.log(alpha)[None, :]
    return result


def stream_bursts(times: Sequence[float], s: float = 2.0, gamma: float = 1.0) -> StreamBursts:
    """Detect bursts in a stream of event times (seconds, or any unit: the model is scale-free).

    Raises `EstimationError` for an empty stream, ``s <= 1``, ``gamma <= 0`` or two events at the
    same time (see `spread_ties`). A single event gives one level-0 burst at that time.
    """
    if s <= 1 or gamma <= 0:
        raise EstimationError(f"need s > 1 and gamma > 0; got s={s}, gamma={gamma}")
    if not times:
        raise EstimationError("burst detection needs at least one event time")
    ordered = tuple(sorted(float(t) for t in times))
    if len(ordered) == 1:
        only = ordered[0]
        return StreamBursts(ordered, (0,), (), (Burst(0, only, only, 0.0),), 0.0, 1)
    gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False)]
    if min(gaps) <= 0:
        raise EstimationError(
            "two events share a time, and the model has no state for simultaneous events; "
            "spread ties with groundswell.methods.kleinberg_stream.spread_ties or use the "
            "batched model on counts per interval"
        )
    k = state_count(gaps, s)
    costs = exponential_costs(gaps, s, k)
    path, cost = viterbi_up_costly(costs, gamma * math.log(len(gaps)))
    bursts = burst_hierarchy(path, ordered[:-1], ordered[1:], costs)
    gap_states = tuple(int(x) for x in path)
    return StreamBursts(ordered, (0, *gap_states), gap_states, bursts, cost, k)


def spread_ties(times: Sequence[float], resolution: float) -> tuple[float, ...]:
    """Return sorted times where the m events sharing a time t become t, t + r/m, ..., t + (m-1)r/m.

    ``resolution`` r is the clock step of the source (1.0 for timestamps in whole seconds), so the
    spread events stay inside the step they were recorded in. Untied times are unchanged.
    """
    if resolution <= 0:
        raise EstimationError(f"resolution must be positive, got {resolution}")
    ordered = sorted(float(t) for t in times)
    out: list[float] = []
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j] == ordered[i]:
            j += 1
        m = j - i
        out.extend(ordered[i] + resolution * q / m for q in range(m))
        i = j
    return tuple(out)
