"""Diffusion cascades: the forest of replies, quotes and reposts, who brought whom, and virality.

- The platform view links each post to the post it references; platforms attribute a repost to
  the root. When follow relations are known, `reconstruct_parents` re-attributes each adoption to
  the most recent earlier adopter in the same cascade whom the person follows, falling back to the
  root (Goel, Anderson, Hofman & Watts, "The Structural Virality of Online Diffusion", Management
  Science 62(1), 2016). Both views should be reported: they rank amplifiers differently.
- Structural virality is the mean shortest-path distance over all pairs of a cascade tree (Goel et
  al. 2016), computed in O(n) from the Wiener index W = sum over edges of s (n - s), where s is the
  size of the subtree below the edge: virality = W / (n (n - 1) / 2).
- `seismic_memory_ccdf` is the memory kernel of SEISMIC (Zhao, Erdogdu, He, Rajaraman & Leskovec,
  KDD 2015): constant c up to a cutoff s0, then c (t / s0)^-(1 + theta).

Everything works on plain parent mappings ``{node id: parent id or None}``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from groundswell.errors import EstimationError

__all__ = [
    "CascadeStats",
    "Forest",
    "NodeReach",
    "PersonReach",
    "Reference",
    "build_forest",
    "cascade_stats",
    "children_of",
    "node_reach",
    "person_reach",
    "reconstruct_parents",
    "roots_of",
    "seismic_memory_ccdf",
    "structural_virality",
]

Parents = Mapping[str, "str | None"]


class Reference(NamedTuple):
    """One post in a cascade: its id, the id it replies to/quotes/reposts (None for an original),
    its (pseudonymous) author and its time (seconds since the epoch, UTC)."""

    node_id: str
    parent_id: str | None
    author: str
    time: float


@dataclass(frozen=True, slots=True)
class Forest:
    """The platform view of a set of references.

    Attributes:
        nodes: each node's reference, by id.
        parents: each node's parent id, None for roots. A reference to a post that is not in the
            data makes its node a root.
        dangling: the nodes whose referenced parent is not in the data (they are roots here).
    """

    nodes: Mapping[str, Reference]
    parents: Mapping[str, str | None]
    dangling: frozenset[str]


@dataclass(frozen=True, slots=True)
class NodeReach:
    """What one post brought: ``direct`` children, ``total`` descendants, and ``new_voices``:
    descendants that are their author's first post in the movement."""

    direct: int
    total: int
    new_voices: int


@dataclass(frozen=True, slots=True)
class PersonReach:
    """What one person brought, over all their posts, never counting their own posts: ``direct``
    child posts, ``total`` distinct descendant posts, ``new_voices`` among them."""

    direct: int
    total: int
    new_voices: int


@dataclass(frozen=True, slots=True)
class CascadeStats:
    """One cascade: its ``root``, ``size`` (posts), ``depth`` (longest root-to-leaf path in edges)
    and ``virality`` (structural virality; None for a single post, which has no pairs)."""

    root: str
    size: int
    depth: int
    virality: float | None


def build_forest(references: Iterable[Reference | tuple[str, str | None, str, float]]) -> Forest:
    """Build the platform view; raise `EstimationError` on duplicate ids or reference cycles."""
    nodes: dict[str, Reference] = {}
    for item in references:
        ref = Reference(*item)
        if ref.node_id in nodes:
            raise EstimationError(f"post {ref.node_id!r} appears twice; give each post once")
        nodes[ref.node_id] = ref
    dangling = frozenset(
        r.node_id for r in nodes.values() if r.parent_id is not None and r.parent_id not in nodes
    )
    parents = {r.node_id: (None if r.node_id in dangling else r.parent_id) for r in nodes.values()}
    roots_of(parents)  # raises on cycles
    return Forest(nodes, parents, dangling)


def children_of(parents: Parents) -> dict[str, list[str]]:
    """Return each node's children (every node has an entry), in the mapping's order."""
    children: dict[str, list[str]] = {node: [] for node in parents}
    for node, parent in parents.items():
        if parent is not None:
            children[parent].append(node)
    return children


def _preorder(parents: Parents) -> list[str]:
    """Return every node, parents before children; raise `EstimationError` on a cycle."""
    children = children_of(parents)
    order: list[str] = []
    stack = [node for node, parent in parents.items() if parent is None][::-1]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children[node]))
    if len(order) != len(parents):
        raise EstimationError("the references form a cycle; a post cannot descend from itself")
    return order


def roots_of(parents: Parents) -> dict[str, str]:
    """Return the root (cascade) of every node."""
    root: dict[str, str] = {}
    for node in _preorder(parents):
        parent = parents[node]
        root[node] = node if parent is None else root[parent]
    return root


def reconstruct_parents(
    forest: Forest, follows: Mapping[str, Collection[str]], keep: Collection[str] = ()
) -> dict[str, str | None]:
    """Re-attribute adoptions along follow links (Goel et al. 2016).

    ``follows[a]`` holds the authors ``a`` follows. Each non-root node's parent becomes the most
    recent node of the same cascade posted strictly earlier by someone its author follows (on equal
    times, the later in input order); with none, the cascade root. Nodes in ``keep`` (replies and
    quotes, whose parent the platform states exactly) keep their parent.
    """
    root = roots_of(forest.parents)
    by_cascade: dict[str, list[Reference]] = defaultdict(list)
    for node_id in forest.parents:
        by_cascade[root[node_id]].append(forest.nodes[node_id])
    result: dict[str, str | None] = dict(forest.parents)
    for cascade_root, members in by_cascade.items():
        members.sort(key=lambda r: r.time)  # stable: input order among equal times
        position = {r.node_id: p for p, r in enumerate(members)}
        latest: dict[str, Reference] = {}  # each author's latest post so far in this cascade
        i = 0
        while i < len(members):
            j = i
            while j < len(members) and members[j].time == members[i].time:
                j += 1
            for ref in members[i:j]:  # look up before adding: "earlier" is strict
                if ref.node_id == cascade_root or ref.node_id in keep:
                    continue
                seen = [latest[a] for a in follows.get(ref.author, ()) if a in latest]
                best = max(seen, key=lambda r: (r.time, position[r.node_id]), default=None)
                result[ref.node_id] = cascade_root if best is None else best.node_id
            for ref in members[i:j]:
                latest[ref.author] = ref
            i = j
    return result


def _subtree_sizes(parents: Parents) -> dict[str, int]:
    size = dict.fromkeys(parents, 1)
    for node in reversed(_preorder(parents)):
        parent = parents[node]
        if parent is not None:
            size[parent] += size[node]
    return size


def node_reach(parents: Parents, first_posts: Collection[str] = ()) -> dict[str, NodeReach]:
    """Return each node's direct and total descendants and the new voices among them.

    ``first_posts`` holds the ids of posts that are their author's first in the movement.
    """
    children = children_of(parents)
    total = {node: size - 1 for node, size in _subtree_sizes(parents).items()}
    new = {node: 0 for node in parents}
    for node in reversed(_preorder(parents)):
        parent = parents[node]
        if parent is not None:
            new[parent] += new[node] + (node in first_posts)
    return {node: NodeReach(len(children[node]), total[node], new[node]) for node in parents}


def person_reach(
    parents: Parents, authors: Mapping[str, str], first_posts: Collection[str] = ()
) -> dict[str, PersonReach]:
    """Return, per author, the distinct posts by others below any of their posts.

    A person's posts that sit below another of their posts are not counted twice: only the
    topmost of their posts on each path contribute their subtrees, minus the person's own posts.
    """
    reach = node_reach(parents, first_posts)
    children = children_of(parents)
    direct: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    new: dict[str, int] = defaultdict(int)
    for node in parents:
        person = authors[node]
        direct[person] += sum(authors[c] != person for c in children[node])
    on_path: dict[str, int] = defaultdict(int)
    stack: list[tuple[str, bool]] = [(n, False) for n, p in parents.items() if p is None]
    while stack:
        node, leaving = stack.pop()
        person = authors[node]
        if leaving:
            on_path[person] -= 1
            continue
        if on_path[person] == 0:
            total[person] += reach[node].total
            new[person] += reach[node].new_voices
        else:  # the person's own post below another of theirs: not brought by them
            total[person] -= 1
            new[person] -= node in first_posts
        on_path[person] += 1
        stack.append((node, True))
        stack.extend((c, False) for c in children[node])
    return {p: PersonReach(direct[p], total[p], new[p]) for p in sorted(set(authors.values()))}


def structural_virality(parents: Parents) -> float | None:
    """Return the mean shortest-path distance over all pairs of one tree (None for one node)."""
    n = len(parents)
    if n < 2:
        return None
    roots = [node for node, parent in parents.items() if parent is None]
    if len(roots) != 1:
        raise EstimationError(f"structural virality needs one tree, got {len(roots)} roots")
    sizes = _subtree_sizes(parents)
    wiener = sum(sizes[node] * (n - sizes[node]) for node in parents if parents[node] is not None)
    return 2.0 * wiener / (n * (n - 1))


def cascade_stats(parents: Parents) -> list[CascadeStats]:
    """Return size, depth and structural virality of every cascade, largest first."""
    root = roots_of(parents)
    depth: dict[str, int] = {}
    members: dict[str, dict[str, str | None]] = defaultdict(dict)
    for node in _preorder(parents):
        parent = parents[node]
        depth[node] = 0 if parent is None else depth[parent] + 1
        members[root[node]][node] = parent
    stats = [
        CascadeStats(r, len(tree), max(depth[n] for n in tree), structural_virality(tree))
        for r, tree in members.items()
    ]
    return sorted(stats, key=lambda c: (-c.size, c.root))


def seismic_memory_ccdf(
    times: Sequence[float], theta: float = 0.2314843, cutoff: float = 300.0, c: float = 6.265725e-4
) -> list[float]:
    """Return the share of a post's reactions still to come t seconds after it (SEISMIC kernel).

    The kernel is phi(t) = c for t <= cutoff and c (t / cutoff)^-(1 + theta) after, so the ccdf is
    1 - c t up to the cutoff and c cutoff / theta (t / cutoff)^-theta beyond. The defaults are the
    published Twitter fit, which integrates to 1.
    """
    out: list[float] = []
    for t in times:
        if t < 0:
            raise EstimationError(f"time since posting must be >= 0, got {t}")
        if t <= cutoff:
            out.append(1.0 - c * t)
        else:
            out.append(c * cutoff / theta * (t / cutoff) ** -theta)
    return out
