"""Cascade forests as NumPy arrays: roots, depths, subtree sums, reach per person, virality.

The same measures as `groundswell.methods.cascades`, which stays the plain-Python reference, for
forests of millions of posts. Nodes are numbered ``0..n-1``; ``parent[i]`` is a node number or
``-1`` for a root. Nothing loops over nodes in Python:

- roots and depths come from pointer doubling (each round halves the distance left to the root;
  about log2(depth) rounds), which also finds cycles: a node that has not reached a root after
  ``log2(n) + 1`` rounds, or reaches a node that is its own parent, lies on or below a cycle;
- sums over subtrees (sizes, new voices below a post) are added up one depth level at a time,
  deepest first, so their cost is O(n) plus a few NumPy calls per level;
- a person's reach counts the distinct posts of others below any of their posts. Only the
  topmost of their posts on each path contribute (as in `cascades.person_reach`); a post is below
  another of its author's posts when, in a preorder numbering, it falls inside that post's span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from groundswell.errors import EstimationError

__all__ = [
    "ArrayForest",
    "Bools",
    "Ints",
    "PeopleArrays",
    "array_forest",
    "people_arrays",
    "preorder",
    "subtree_sums",
    "top_ranked",
    "wiener_index",
]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class ArrayForest:
    """A forest checked for cycles, with what every pass over it needs.

    Attributes:
        parent: each node's parent, -1 for roots.
        root: each node's root (a root is its own).
        depth: edges from each node up to its root.
        by_depth: node numbers ordered by depth (stable: by node number within a depth).
        level_ends: ``by_depth[level_ends[d - 1]:level_ends[d]]`` are the nodes at depth ``d``
            (``level_ends[-1]`` stands for 0 at d = 0).
    """

    parent: Ints
    root: Ints
    depth: Ints
    by_depth: Ints
    level_ends: Ints

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.parent)

    def level(self, d: int) -> Ints:
        """The nodes at depth ``d``."""
        lo = int(self.level_ends[d - 1]) if d else 0
        return self.by_depth[lo : int(self.level_ends[d])]


def array_forest(parent: npt.ArrayLike) -> ArrayForest:
    """Find roots and depths; raise `EstimationError` when the references form a cycle."""
    parents = np.asarray(parent, dtype=np.int64)
    n = len(parents)
    if n and (parents.min() < -1 or parents.max() >= n):
        raise EstimationError("a parent number is outside the forest")
    jump = np.where(parents < 0, np.arange(n, dtype=np.int64), parents)
    dist = (parents >= 0).astype(np.int64)
    active = np.flatnonzero(parents >= 0)
    for _ in range(n.bit_length() + 1):
        active = active[parents[jump[active]] >= 0]  # not yet at a root
        active = active[jump[active] != active]  # a node that is its own parent stays
        if not len(active):
            break
        ahead = jump[active]
        dist[active] += dist[ahead]
        jump[active] = jump[ahead]
    if n and (parents[jump] >= 0).any():
        raise EstimationError("the references form a cycle; a post cannot descend from itself")
    by_depth = np.argsort(dist, kind="stable")
    level_ends = np.cumsum(np.bincount(dist)) if n else np.zeros(1, dtype=np.int64)
    return ArrayForest(parents, jump, dist, by_depth, level_ends.astype(np.int64))


def subtree_sums(forest: ArrayForest, weights: npt.ArrayLike) -> Ints:
    """Return, per node, the sum of ``weights`` over its subtree (itself included)."""
    total = np.array(weights, dtype=np.int64)
    for d in range(len(forest.level_ends) - 1, 0, -1):
        nodes = forest.level(d)
        np.add.at(total, forest.parent[nodes], total[nodes])
    return total


def preorder(forest: ArrayForest, sizes: Ints) -> Ints:
    """Return a preorder number per node: each subtree spans ``[pre, pre + size)``.

    Roots come in node order, and so do the children of each node.
    """
    pre = np.empty(forest.size, dtype=np.int64)
    roots = forest.level(0)
    pre[roots] = np.cumsum(sizes[roots]) - sizes[roots]
    for d in range(1, len(forest.level_ends)):
        nodes = forest.level(d)
        nodes = nodes[np.argsort(forest.parent[nodes], kind="stable")]
        up = forest.parent[nodes]
        size = sizes[nodes]
        before = np.cumsum(size) - size  # sizes of the earlier nodes at this level
        first = np.flatnonzero(np.r_[True, up[1:] != up[:-1]])
        start = np.repeat(first, np.diff(np.r_[first, len(nodes)]))
        pre[nodes] = pre[up] + 1 + before - before[start]
    return pre


@dataclass(frozen=True, eq=False)
class PeopleArrays:
    """What each person brought (indexed by person number; see `cascades.PersonReach`).

    Attributes:
        direct: child posts by others below the person's posts.
        total: distinct posts by others below any of the person's posts.
        new_voices: those of them that are their author's first post in the movement.
    """

    direct: Ints
    total: Ints
    new_voices: Ints


def people_arrays(
    forest: ArrayForest,
    person: npt.ArrayLike,
    first: npt.ArrayLike,
    people: int,
    *,
    sizes: Ints | None = None,
) -> PeopleArrays:
    """Return direct, total and new-voice reach per person (``people`` persons numbered from 0).

    ``person[i]`` is the author of node ``i``; ``first[i]`` says whether node ``i`` is its
    author's first post in the movement; ``sizes`` are the subtree sizes, when already known.
    """
    who = np.asarray(person, dtype=np.int64)
    firsts = np.asarray(first, dtype=np.int64)
    parent = forest.parent
    child = np.flatnonzero(parent >= 0)
    up = who[parent[child]]
    direct = np.bincount(up[up != who[child]], minlength=people)
    if sizes is None:
        sizes = subtree_sums(forest, np.ones(forest.size, dtype=np.int64))
    new_below = subtree_sums(forest, firsts) - firsts
    nested = _below_own_post(forest, sizes, who)
    top = ~nested
    total = _count(who[top], sizes[top] - 1, people) - _count(who[nested], None, people)
    new = _count(who[top], new_below[top], people) - _count(
        who[nested & (firsts > 0)], None, people
    )
    return PeopleArrays(direct.astype(np.int64), total, new)


def _count(index: Ints, weights: Ints | None, length: int) -> Ints:
    if weights is None:
        return np.bincount(index, minlength=length).astype(np.int64)
    out = np.zeros(length, dtype=np.int64)
    np.add.at(out, index, weights)  # exact integers (bincount's weights are floats)
    return out


def _below_own_post(forest: ArrayForest, sizes: Ints, who: Ints) -> Bools:
    """Whether each node has a proper ancestor by the same person."""
    n = forest.size
    if not n:
        return np.zeros(0, dtype=np.bool_)
    pre = preorder(forest, sizes)
    order = np.lexsort((pre, who))
    span = 2 * n  # keeps each person's values above every earlier person's
    offset = who[order] * span
    ends = np.maximum.accumulate(offset + pre[order] + sizes[order])
    before = np.r_[-1, ends[:-1]]  # the furthest span end among earlier posts
    nested = np.empty(n, dtype=np.bool_)
    nested[order] = before > offset + pre[order]
    return nested


def wiener_index(forest: ArrayForest, sizes: Ints, root: int, cascade_size: int) -> int:
    """Return sum over the edges of one tree of s (n - s), s the subtree size below the edge."""
    members = np.flatnonzero((forest.root == root) & (forest.parent >= 0))
    s = sizes[members]
    terms = s * (cascade_size - s)
    if cascade_size < 2_000_000:  # the int64 sum cannot overflow (n**3 / 4 < 2**63)
        return int(terms.sum())
    return sum(int(t) for t in terms.tolist())


def top_ranked(
    keys: Sequence[npt.NDArray[np.int64]],
    labels: Callable[[Ints], Sequence[str]],
    top: int,
    among: Ints | None = None,
) -> list[int]:
    """Return the ``top`` indices ranked by the integer ``keys`` (smallest first), then by label.

    ``labels(indices)`` gives the tie-breaking strings; it is called only for the indices that
    can reach the top (those tied with the last place included). ``among`` restricts the choice.
    """
    pool = np.arange(len(keys[0]), dtype=np.int64) if among is None else among
    if not len(pool) or top <= 0:
        return []
    columns = [k[pool] for k in keys]
    order = np.lexsort(columns[::-1])
    cut = len(order)
    if cut > top:
        last = order[top - 1]
        tied = np.ones(cut - top, dtype=np.bool_)
        for column in columns:
            tied &= column[order[top:]] == column[last]
        cut = top + (int(np.argmin(tied)) if not tied.all() else len(tied))
    chosen = pool[order[:cut]]
    names = labels(chosen)
    ranked = sorted(
        range(len(chosen)),
        key=lambda i: (*(int(k[chosen[i]]) for k in keys), names[i]),
    )
    return [int(chosen[i]) for i in ranked[:top]]
