"""Kleinberg burst detection: the worked examples, R's `bursts` output, and brute-force optimality."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.errors import EstimationError
from groundswell.methods.kleinberg import batched_bursts
from groundswell.methods.kleinberg_stream import spread_ties, state_count, stream_bursts


def _load(shared_data: Path, name: str) -> Any:
    return json.loads((shared_data / "reference" / name).read_text("utf-8"))


def _binomial_cost(r: int, d: int, p: float) -> float:
    """-ln Binomial(d, r, p), written out independently of the module."""
    return -(math.log(math.comb(d, r)) + r * math.log(p) + (d - r) * math.log(1 - p))


def _brute_force(r: list[int], d: list[int], s: float, gamma: float, k: int) -> float:
    """Minimum cost over every state sequence (start in 0, up-moves cost (j-i) gamma ln n)."""
    p0 = sum(r) / sum(d)
    n = len(r)
    best = math.inf
    for seq in itertools.product(range(k), repeat=n):
        cost, prev = 0.0, 0
        for t, q in enumerate(seq):
            cost += max(q - prev, 0) * gamma * math.log(n) + _binomial_cost(r[t], d[t], p0 * s**q)
            prev = q
        best = min(best, cost)
    return best


def test_batched_two_state_worked_example(shared_data: Path) -> None:
    case = _load(shared_data, "kleinberg-worked-examples.json")["batched_two_state"]
    result = batched_bursts(case["r"], case["d"], s=case["s"], gamma=case["gamma"])
    assert list(result.states) == case["viterbi_states"]
    assert list(result.states) != case["greedy_states_of_pypi_burst_detection_0_1_3"]
    assert result.cost == pytest.approx(case["viterbi_min_cost"], abs=1e-6)
    assert result.p == pytest.approx((case["p0"], case["p1"]), abs=1e-5)


def test_batched_bursts_and_weights_closed_form(shared_data: Path) -> None:
    case = _load(shared_data, "kleinberg-worked-examples.json")["batched_two_state"]
    r, d = case["r"], case["d"]
    result = batched_bursts(r, d)
    assert [(b.level, b.start, b.end) for b in result.bursts] == [(0, 0, 9), (1, 3, 4), (1, 6, 7)]
    p0 = sum(r) / sum(d)
    # cost(0) - cost(1) per interval = r ln(p1/p0) + (d - r) ln((1 - p1)/(1 - p0)), p1 = 2 p0
    gain = [
        rt * math.log(2) + (dt - rt) * math.log((1 - 2 * p0) / (1 - p0))
        for rt, dt in zip(r, d, strict=True)
    ]
    assert result.bursts[0].weight == 0.0
    assert result.bursts[1].weight == pytest.approx(gain[3] + gain[4])
    assert result.bursts[2].weight == pytest.approx(gain[6] + gain[7])


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=6),
    states=st.sampled_from([2, 3]),
    gamma=st.sampled_from([0.5, 1.0, 2.0]),
)
def test_viterbi_matches_brute_force(
    data: list[tuple[int, int]], states: int, gamma: float
) -> None:
    d = [a + b + 1 for a, b in data]
    r = [a for a, _ in data]
    s = 1.5
    if sum(r) == 0 or sum(r) / sum(d) * s ** (states - 1) >= 1:
        return
    result = batched_bursts(r, d, s=s, gamma=gamma, states=states)
    assert result.cost == pytest.approx(_brute_force(r, d, s, gamma, states), rel=1e-9)
    # the returned sequence has the returned cost
    p = [sum(r) / sum(d) * s**q for q in range(states)]
    again, prev = 0.0, 0
    for t, q in enumerate(result.states):
        again += max(q - prev, 0) * gamma * math.log(len(r)) + _binomial_cost(r[t], d[t], p[q])
        prev = q
    assert again == pytest.approx(result.cost, rel=1e-9)


def test_batched_rejects_bad_input() -> None:
    with pytest.raises(EstimationError, match="probability"):
        batched_bursts([6, 6], [10, 10], s=2)  # p1 = 1.2
    with pytest.raises(EstimationError, match="r <= d"):
        batched_bursts([3], [2])
    with pytest.raises(EstimationError):
        batched_bursts([1], [2], s=1)


def test_batched_no_movement_posts_is_all_base() -> None:
    result = batched_bursts([0, 0, 0], [5, 6, 7])
    assert result.states == (0, 0, 0)
    assert [(b.level, b.start, b.end) for b in result.bursts] == [(0, 0, 2)]


@pytest.mark.parametrize(
    ("key", "s", "gamma"), [("s=2,gamma=1", 2, 1), ("s=3,gamma=1", 3, 1), ("s=2,gamma=3", 2, 3)]
)
def test_stream_levels_match_r_bursts(shared_data: Path, key: str, s: float, gamma: float) -> None:
    reference = _load(shared_data, "kleinberg-r-bursts.json")
    result = stream_bursts(reference["offsets"], s=s, gamma=gamma)
    assert list(result.levels) == reference["expected_levels"][key]


@pytest.mark.parametrize(
    ("gamma", "key"),
    [(0.1, "s2_gamma0.1_bursts_level_start_end"), (1.0, "s2_gamma1_bursts_level_start_end")],
)
def test_stream_worked_example_bursts(shared_data: Path, gamma: float, key: str) -> None:
    case = _load(shared_data, "kleinberg-worked-examples.json")["infinite_state_event_times"]
    result = stream_bursts(case["offsets"], s=2, gamma=gamma)
    assert [[b.level, b.start, b.end] for b in result.bursts] == case[key]


def test_stream_weight_closed_form() -> None:
    offsets = [4, 17, 23, 27, 33, 35, 37, 76, 77, 82, 84, 88, 90, 92]
    result = stream_bursts(offsets, s=2, gamma=0.1)
    burst = result.bursts[1]
    assert (burst.level, burst.start, burst.end) == (1, 33, 37)
    # gaps 2 and 2; cost_j(x) = a_j x - ln a_j, a_0 = 13/88, a_1 = 2 a_0:
    # cost_0 - cost_1 = ln 2 - a_0 x per gap
    a0 = 13 / 88
    assert burst.weight == pytest.approx(2 * (math.log(2) - a0 * 2))


def test_state_count_by_hand() -> None:
    # T = 88, min gap 1: k = ceil(1 + log2(88)) = ceil(7.459) = 8
    gaps = [13, 6, 4, 6, 2, 2, 39, 1, 5, 2, 4, 2, 2]
    assert state_count(gaps, 2) == 8


def test_stream_sorts_input_and_handles_one_event() -> None:
    assert stream_bursts([3.0, 1.0, 2.0]).times == (1.0, 2.0, 3.0)
    single = stream_bursts([7.0])
    assert single.levels == (0,)
    assert [(b.level, b.start, b.end) for b in single.bursts] == [(0, 7.0, 7.0)]


def test_stream_refuses_ties_like_r() -> None:
    with pytest.raises(EstimationError, match="share a time"):
        stream_bursts([1, 2, 2, 3])


def test_spread_ties() -> None:
    assert spread_ties([7, 5, 5, 5], 1.0) == pytest.approx((5.0, 5 + 1 / 3, 5 + 2 / 3, 7.0))
    assert spread_ties([1, 2], 1.0) == (1.0, 2.0)
    levels = stream_bursts(spread_ties([1, 2, 2, 3], 1.0)).levels
    assert len(levels) == 4
