"""Cascades: the METHODS fixture, closed-form virality, brute-force checks, SEISMIC's kernel."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundswell.errors import EstimationError
from groundswell.methods.cascades import (
    Reference,
    build_forest,
    cascade_stats,
    node_reach,
    person_reach,
    reconstruct_parents,
    roots_of,
    seismic_memory_ccdf,
    structural_virality,
)


def _methods_fixture() -> tuple[list[Reference], dict[str, set[str]]]:
    """METHODS.md section 4: R followed by B and C; B reposts at t1; C follows B, reposts at t2."""
    refs = [
        Reference("R", None, "r", 0.0),
        Reference("B", "R", "b", 10.0),
        Reference("C", "R", "c", 20.0),  # the platform attributes the repost to the root
    ]
    follows = {"b": {"r"}, "c": {"r", "b"}}
    return refs, follows


def test_methods_fixture_both_views() -> None:
    refs, follows = _methods_fixture()
    forest = build_forest(refs)
    rebuilt = reconstruct_parents(forest, follows)
    assert rebuilt["C"] == "B"
    assert forest.parents["C"] == "R"
    reach = node_reach(rebuilt)
    assert reach["R"].total == 2
    assert reach["B"].total == 1
    platform = node_reach(forest.parents)
    assert (platform["R"].total, platform["B"].total) == (2, 0)


def test_reconstruction_falls_back_to_root_and_needs_strictly_earlier() -> None:
    refs = [
        Reference("R", None, "r", 0.0),
        Reference("A", "R", "a", 5.0),
        Reference("B", "R", "b", 5.0),  # same time as A: A is not earlier
        Reference("C", "R", "c", 9.0),  # follows nobody who adopted
        Reference("D", "A", "d", 12.0),  # a reply: kept
    ]
    follows = {"b": {"a"}, "c": {"x"}, "d": {"b"}}
    rebuilt = reconstruct_parents(build_forest(refs), follows, keep={"D"})
    assert rebuilt == {"R": None, "A": "R", "B": "R", "C": "R", "D": "A"}


def test_reconstruction_picks_most_recent_followed_adopter() -> None:
    refs = [
        Reference("R", None, "r", 0.0),
        Reference("A", "R", "a", 1.0),
        Reference("B", "R", "b", 2.0),
        Reference("A2", "R", "a", 3.0),
        Reference("C", "R", "c", 4.0),
    ]
    rebuilt = reconstruct_parents(build_forest(refs), {"c": {"a", "b"}})
    assert rebuilt["C"] == "A2"


def test_star_and_path_virality_closed_forms() -> None:
    n = 10
    star = {"0": None, **{str(i): "0" for i in range(1, n)}}
    path = {"0": None, **{str(i): str(i - 1) for i in range(1, n)}}
    assert structural_virality(star) == pytest.approx(2 - 2 / n)  # 1.8
    assert structural_virality(path) == pytest.approx((n + 1) / 3)  # 3.667
    assert structural_virality({"0": None}) is None


def _bfs_mean_distance(parents: dict[str, str | None]) -> float:
    neighbours: dict[str, list[str]] = {node: [] for node in parents}
    for node, parent in parents.items():
        if parent is not None:
            neighbours[node].append(parent)
            neighbours[parent].append(node)
    total, pairs = 0, 0
    for source in parents:
        distance = {source: 0}
        queue = deque([source])
        while queue:
            here = queue.popleft()
            for there in neighbours[here]:
                if there not in distance:
                    distance[there] = distance[here] + 1
                    queue.append(there)
        total += sum(distance.values())
        pairs += len(parents) - 1
    return total / pairs


random_tree = st.integers(2, 40).flatmap(
    lambda n: st.tuples(*(st.integers(0, i - 1) for i in range(1, n)))
)


@settings(max_examples=150, deadline=None)
@given(random_tree)
def test_wiener_virality_equals_brute_force_bfs(choice: tuple[int, ...]) -> None:
    parents: dict[str, str | None] = {"n0": None}
    for i, parent in enumerate(choice, start=1):
        parents[f"n{i}"] = f"n{parent}"
    assert structural_virality(parents) == pytest.approx(_bfs_mean_distance(parents))


@settings(max_examples=100, deadline=None)
@given(random_tree, st.lists(st.integers(0, 3), min_size=40, max_size=40), st.data())
def test_person_reach_equals_brute_force(
    choice: tuple[int, ...], who: list[int], data: st.DataObject
) -> None:
    parents: dict[str, str | None] = {"n0": None}
    for i, parent in enumerate(choice, start=1):
        parents[f"n{i}"] = f"n{parent}"
    authors = {node: f"p{who[i]}" for i, node in enumerate(parents)}
    first = set(data.draw(st.sets(st.sampled_from(sorted(parents)))))
    reach = person_reach(parents, authors, first)

    def below(node: str) -> set[str]:
        found = {c for c, p in parents.items() if p == node}
        for child in list(found):
            found |= below(child)
        return found

    for person in set(authors.values()):
        own = {n for n, a in authors.items() if a == person}
        descendants = set().union(*(below(n) for n in own)) - own
        children = {c for c, p in parents.items() if p in own} - own
        assert reach[person].total == len(descendants)
        assert reach[person].direct == len(children)
        assert reach[person].new_voices == len(descendants & first)


def test_new_voices_by_hand() -> None:
    # R <- A <- B, R <- C; A and B are first-time voices, C posted before
    parents = {"R": None, "A": "R", "B": "A", "C": "R"}
    reach = node_reach(parents, first_posts={"A", "B"})
    assert reach["R"].new_voices == 2
    assert reach["A"].new_voices == 1
    assert reach["B"].new_voices == 0
    assert (reach["R"].direct, reach["R"].total) == (2, 3)


def test_cascade_stats_and_dangling_parent() -> None:
    forest = build_forest(
        [
            ("R", None, "r", 0.0),
            ("A", "R", "a", 1.0),
            ("B", "A", "b", 2.0),
            ("X", "not-collected", "x", 3.0),
        ]
    )
    assert forest.dangling == frozenset({"X"})
    assert roots_of(forest.parents) == {"R": "R", "A": "R", "B": "R", "X": "X"}
    stats = cascade_stats(forest.parents)
    assert [(c.root, c.size, c.depth) for c in stats] == [("R", 3, 2), ("X", 1, 0)]
    assert stats[0].virality == pytest.approx((1 + 2 + 1) / 3)  # path of 3: (3 + 1) / 3
    assert stats[1].virality is None


def test_build_forest_rejects_duplicates_and_cycles() -> None:
    with pytest.raises(EstimationError, match="twice"):
        build_forest([("A", None, "a", 0.0), ("A", None, "a", 1.0)])
    with pytest.raises(EstimationError, match="cycle"):
        build_forest([("A", "B", "a", 0.0), ("B", "A", "b", 1.0)])


def test_seismic_memory_kernel_ccdf() -> None:
    # METHODS.md section 4 (Zhao et al. 2015)
    expected = [1, 0.906014, 0.812028, 0.691652, 0.456833, 0.218907]
    got = seismic_memory_ccdf([0, 150, 300, 600, 3600, 86400])
    assert got == pytest.approx(expected, abs=1e-6)
