"""The vectorised forest measures equal the plain-Python reference on random forests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.errors import EstimationError
from groundswell.methods.cascades import (
    cascade_stats,
    node_reach,
    person_reach,
    roots_of,
    structural_virality,
)
from groundswell.methods.cascades_arrays import (
    array_forest,
    people_arrays,
    preorder,
    subtree_sums,
    top_ranked,
    wiener_index,
)


@st.composite
def forests(draw: st.DrawFn) -> tuple[list[int], list[int], list[bool]]:
    """A forest of up to 60 nodes numbered in shuffled order (parents may come after their
    children), each node's author among 4 people, and random first-post flags."""
    n = draw(st.integers(0, 60))
    # build in creation order: node k picks a parent among earlier nodes, or none
    made = [draw(st.integers(-1, k - 1)) if k else -1 for k in range(n)]
    order = draw(st.permutations(range(n)))  # creation rank -> node number
    parent = [-1] * n
    for k, up in enumerate(made):
        parent[order[k]] = -1 if up < 0 else order[up]
    who = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    first = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return parent, who, first


def _dicts(parent: list[int]) -> dict[str, str | None]:
    return {f"n{i}": (None if p < 0 else f"n{p}") for i, p in enumerate(parent)}


@settings(max_examples=200, deadline=None)
@given(forests())
def test_roots_depths_and_sizes_equal_the_reference(
    drawn: tuple[list[int], list[int], list[bool]],
) -> None:
    parent, _, _ = drawn
    forest = array_forest(parent)
    parents = _dicts(parent)
    roots = roots_of(parents)
    assert [f"n{r}" for r in forest.root.tolist()] == [roots[f"n{i}"] for i in range(len(parent))]
    sizes = subtree_sums(forest, np.ones(len(parent), dtype=np.int64))
    reach = node_reach(parents)
    assert sizes.tolist() == [reach[f"n{i}"].total + 1 for i in range(len(parent))]
    stats = {c.root: c for c in cascade_stats(parents)}
    for r in forest.level(0).tolist():
        expected = stats[f"n{r}"]
        members = forest.root == r
        assert int(sizes[r]) == expected.size
        assert int(forest.depth[members].max()) == expected.depth
        if expected.size > 1:
            wiener = wiener_index(forest, sizes, r, expected.size)
            virality = 2.0 * wiener / (expected.size * (expected.size - 1))
            assert virality == structural_virality(
                {k: v for k, v in parents.items() if roots[k] == f"n{r}"}
            )


@settings(max_examples=200, deadline=None)
@given(forests())
def test_preorder_spans_hold_exactly_the_subtrees(
    drawn: tuple[list[int], list[int], list[bool]],
) -> None:
    parent, _, _ = drawn
    forest = array_forest(parent)
    sizes = subtree_sums(forest, np.ones(len(parent), dtype=np.int64))
    pre = preorder(forest, sizes)
    assert sorted(pre.tolist()) == list(range(len(parent)))
    for node in range(len(parent)):
        ancestors, up = set(), parent[node]
        while up >= 0:
            ancestors.add(up)
            up = parent[up]
        inside = {a for a in range(len(parent)) if pre[a] < pre[node] < pre[a] + sizes[a]}
        assert inside == ancestors


@settings(max_examples=200, deadline=None)
@given(forests())
def test_people_and_new_voices_equal_the_reference(
    drawn: tuple[list[int], list[int], list[bool]],
) -> None:
    parent, who, first = drawn
    forest = array_forest(parent)
    parents = _dicts(parent)
    firsts = {f"n{i}" for i, f in enumerate(first) if f}
    expected = person_reach(parents, {f"n{i}": f"p{w}" for i, w in enumerate(who)}, firsts)
    got = people_arrays(forest, who, first, 4)
    for person, reach in expected.items():
        p = int(person[1:])
        assert (int(got.direct[p]), int(got.total[p]), int(got.new_voices[p])) == (
            reach.direct,
            reach.total,
            reach.new_voices,
        )
    flags = np.array(first, dtype=np.int64)
    below = subtree_sums(forest, flags) - flags
    nodes = node_reach(parents, firsts)
    assert below.tolist() == [nodes[f"n{i}"].new_voices for i in range(len(parent))]


@pytest.mark.parametrize(
    "parent",
    [[0], [1, 0], [-1, 2, 3, 1], [-1, 0, 3, 4, 2], [2, 2, 2]],
    ids=["self", "pair", "loop below a root", "loop of three", "self below"],
)
def test_cycles_are_refused(parent: list[int]) -> None:
    with pytest.raises(EstimationError, match="cycle"):
        array_forest(parent)


def test_a_long_chain_and_an_empty_forest() -> None:
    n = 100_000
    forest = array_forest(np.arange(-1, n - 1))  # 0 <- 1 <- 2 <- ... : depth n - 1
    assert int(forest.depth[-1]) == n - 1 and set(forest.root.tolist()) == {0}
    sizes = subtree_sums(forest, np.ones(n, dtype=np.int64))
    assert int(sizes[0]) == n
    assert wiener_index(forest, sizes, 0, n) == (n + 1) * n * (n - 1) // 6  # a path's
    empty = array_forest([])
    assert empty.size == 0 and not len(empty.level(0))
    reach = people_arrays(empty, [], [], 0)
    assert len(reach.total) == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from("abcde"))),
    st.integers(0, 6),
)
def test_top_ranked_equals_a_full_sort(rows: list[tuple[int, int, str]], top: int) -> None:
    first = np.array([r[0] for r in rows], dtype=np.int64)
    second = np.array([r[1] for r in rows], dtype=np.int64)
    names = [f"{r[2]}{i % 3}" for i, r in enumerate(rows)]
    got = top_ranked([first, second], lambda idx: [names[i] for i in idx.tolist()], top)
    expected = sorted(range(len(rows)), key=lambda i: (first[i], second[i], names[i]))[:top]
    assert [(first[i], second[i], names[i]) for i in got] == [
        (first[i], second[i], names[i]) for i in expected
    ]
