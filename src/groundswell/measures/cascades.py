"""Cascades and amplifiers: the movement's diffusion forest, who brought whom, and its exports.

The forest is held as arrays (`groundswell.measures.forest.ForestPosts`) and measured with the
vectorised `groundswell.methods.cascades_arrays`, so a movement of millions of posts takes
seconds. The dict-based `Forest` and parent mappings of `groundswell.methods.cascades` (needed
by the GEXF and CSV exports and by the follow-based reconstruction) are built only when asked for.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

import numpy as np

from groundswell.errors import InputError
from groundswell.measures.engine import Engine
from groundswell.measures.forest import SEP, ForestPosts, fetch_forest_posts, micros, moment
from groundswell.measures.frames import Window
from groundswell.methods.cascades import (
    CascadeStats,
    Forest,
    PersonReach,
    reconstruct_parents,
)
from groundswell.methods.cascades_arrays import (
    ArrayForest,
    Bools,
    Ints,
    array_forest,
    people_arrays,
    subtree_sums,
    top_ranked,
    wiener_index,
)
from groundswell.methods.gexf import edge_list_csv, forest_gexf

__all__ = [
    "SEP",
    "CascadeView",
    "Diffusion",
    "Person",
    "fetch_diffusion",
    "load_follows",
    "split_key",
    "write_edge_list",
    "write_gexf",
]


def split_key(key: str) -> tuple[str, str]:
    """Return (platform, id or author) from an internal node or account key."""
    platform, _, rest = key.partition(SEP)
    return platform, rest


@dataclass(frozen=True, slots=True)
class Person:
    """One account's reach in a view (see `groundswell.methods.cascades.PersonReach`)."""

    platform: str
    author: str
    reach: PersonReach


class _ParentMap(Mapping[str, "str | None"]):
    """``{node key: parent key or None}`` over the forest's arrays, made a dict on first use."""

    def __init__(self, posts: ForestPosts, parent: Ints) -> None:
        self._posts = posts
        self._parent = parent

    @cached_property
    def _dict(self) -> dict[str, str | None]:
        keys: list[str] = self._posts.key.to_pylist()
        return {
            k: (None if p < 0 else keys[p])
            for k, p in zip(keys, self._parent.tolist(), strict=True)
        }

    def __getitem__(self, key: str) -> str | None:
        return self._dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._parent)


@dataclass(frozen=True, slots=True)
class CascadeView:
    """One view of the forest: ``root-attributed`` (as platforms record it) or ``reconstructed``."""

    view: str
    parents: Mapping[str, str | None]
    people: tuple[Person, ...]
    cascades: tuple[CascadeStats, ...]


@dataclass(frozen=True, eq=False)
class Diffusion:
    """The movement's forest and what it tells.

    Attributes:
        posts: the forest's posts as arrays, in time order (ties: platform, id); nodes are
            keyed ``platform\\x1fid``, authors ``platform\\x1fauthor``.
        tree: the root-attributed forest over them (a reference outside the movement: a root).
        views: the root-attributed view, then the reconstructed one when follows were given.
    """

    posts: ForestPosts
    tree: ArrayForest
    views: tuple[CascadeView, ...]

    @property
    def forest(self) -> Forest:
        """The root-attributed forest as dicts (built on first use; see `ForestPosts.forest`)."""
        return self.posts.forest

    @cached_property
    def times(self) -> dict[str, datetime]:
        """Each node's time (naive UTC)."""
        keys: list[str] = self.posts.key.to_pylist()
        return {k: moment(t) for k, t in zip(keys, self.posts.time.tolist(), strict=True)}

    @cached_property
    def first_posts(self) -> frozenset[str]:
        """Node keys of each voice's first movement post (ties: platform, id)."""
        return frozenset(self.posts.keys(np.flatnonzero(self.posts.first)))

    def arrivals(self, start: datetime, end: datetime) -> list[datetime]:
        """The times of voices' first posts in ``[start, end)``, oldest first."""
        times = np.sort(self.posts.time[self._firsts_within((start, end))])
        moments: list[datetime] = times.astype("datetime64[us]").astype(object).tolist()
        return moments

    def _firsts_within(self, within: tuple[datetime, datetime]) -> Bools:
        time = self.posts.time
        return self.posts.first & (time >= micros(within[0])) & (time < micros(within[1]))

    def _brought(self, within: tuple[datetime, datetime]) -> Ints:
        firsts = self._firsts_within(within).astype(np.int64)
        return subtree_sums(self.tree, firsts) - firsts

    def brought(self, within: tuple[datetime, datetime]) -> dict[str, int]:
        """Return, per node, the new voices below it whose first post falls in ``within``."""
        keys: list[str] = self.posts.key.to_pylist()
        return dict(zip(keys, self._brought(within).tolist(), strict=True))

    def brought_by(self, within: tuple[datetime, datetime], keys: Sequence[str]) -> list[int]:
        """`brought` for some node keys only (0 for a key not in the forest)."""
        counts = self._brought(within)
        return [0 if i is None else int(counts[i]) for i in self.posts.find(keys)]

    def top_brought(self, within: tuple[datetime, datetime], top: int) -> list[tuple[str, int]]:
        """The ``top`` nodes that brought the most new voices in ``within`` (at least one),
        as (key, count); ties go to the older post, then the smaller key."""
        counts = self._brought(within)
        chosen = top_ranked(
            [-counts, self.posts.time], self.posts.keys, top, among=np.flatnonzero(counts > 0)
        )
        return list(zip(self.posts.keys(chosen), (int(counts[i]) for i in chosen), strict=True))

    def describe(self, keys: Sequence[str]) -> list[tuple[str | None, datetime] | None]:
        """Each node's author (None when missing) and time; None for a key not in the forest."""
        out: list[tuple[str | None, datetime] | None] = []
        for i in self.posts.find(keys):
            if i is None:
                out.append(None)
            else:
                out.append((self.posts.author[i].as_py() or None, moment(int(self.posts.time[i]))))
        return out


def load_follows(path: Path | str) -> list[tuple[str | None, str, str]]:
    """Read a follows CSV with columns ``follower,followed`` (pseudonymous authors, as stored)
    and optionally ``platform``; return (platform or None, follower, followed) rows."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        if not {"follower", "followed"} <= columns:
            raise InputError(
                f"{path}: a follows file needs the columns follower,followed (pseudonymous "
                f"authors as in the store), optionally platform; it has {sorted(columns)}"
            )
        return [(r.get("platform") or None, r["follower"], r["followed"]) for r in reader]


def _view(
    name: str, posts: ForestPosts, tree: ArrayForest, parents: Mapping[str, str | None], top: int
) -> CascadeView:
    """Rank the cascades (more than one post, largest first) and the people of one view."""
    sizes = subtree_sums(tree, np.ones(len(posts), dtype=np.int64))
    roots = tree.level(0)
    chosen = top_ranked([-sizes], posts.keys, top, among=roots[sizes[roots] > 1])
    depth = np.zeros(len(posts), dtype=np.int64)
    np.maximum.at(depth, tree.root, tree.depth)
    cascades = []
    for root, key in zip(chosen, posts.keys(chosen), strict=True):
        n = int(sizes[root])
        wiener = wiener_index(tree, sizes, root, n)
        cascades.append(CascadeStats(key, n, int(depth[root]), 2.0 * wiener / (n * (n - 1))))
    people = len(posts.people)
    reach = people_arrays(tree, posts.person, posts.first, people, sizes=sizes)
    named = np.ones(people, dtype=np.bool_)
    named[posts.person[~posts.named()]] = False

    def labels(indices: Ints) -> list[str]:
        return [str(k) for k in posts.people.take(indices).to_pylist()]

    ranked = top_ranked([-reach.total, -reach.new_voices], labels, top, among=np.flatnonzero(named))
    persons = tuple(
        Person(
            *split_key(label),
            PersonReach(int(reach.direct[p]), int(reach.total[p]), int(reach.new_voices[p])),
        )
        for p, label in zip(ranked, labels(np.asarray(ranked, dtype=np.int64)), strict=True)
    )
    return CascadeView(name, parents, persons, tuple(cascades))


def fetch_diffusion(
    engine: Engine,
    movement: str,
    window: Window,
    *,
    call_to_action: Sequence[tuple[str, str]] = (),
    follows: Iterable[tuple[str | None, str, str]] | None = None,
    top: int = 20,
) -> Diffusion:
    """Build the forest of the movement's posts up to the window's end (plus the calls to action).

    Replies, quotes and reposts link to the post they reference on the same platform; a
    reference to a post outside the movement makes a root.
    """
    posts = fetch_forest_posts(engine, movement, window, call_to_action)
    tree = array_forest(posts.parent)
    views = [_view("root-attributed", posts, tree, _ParentMap(posts, posts.parent), top)]
    if follows is not None:
        people: list[str] = posts.people.to_pylist()
        platforms = {split_key(a)[0] for a in people}
        graph: dict[str, set[str]] = defaultdict(set)
        for platform, follower, followed in follows:
            for p in [platform] if platform else platforms:
                graph[p + SEP + follower].add(p + SEP + followed)
        keep = set(posts.keys(np.flatnonzero(posts.stated)))
        rebuilt = reconstruct_parents(posts.forest, graph, keep)
        number = {k: i for i, k in enumerate(rebuilt)}
        parent = np.array(
            [-1 if p is None else number[p] for p in rebuilt.values()], dtype=np.int64
        )
        views.append(_view("reconstructed", posts, array_forest(parent), rebuilt, top))
    return Diffusion(posts, tree, tuple(views))


def _display(diffusion: Diffusion) -> Forest:
    """The forest with authors shown as ``platform:author`` instead of internal keys."""
    nodes = {
        k: r._replace(author=r.author.replace(SEP, ":")) for k, r in diffusion.forest.nodes.items()
    }
    return Forest(nodes, diffusion.forest.parents, diffusion.forest.dangling)


def _rename(mapping: Mapping[str, str | None]) -> dict[str, str | None]:
    return {
        k.replace(SEP, ":"): (None if v is None else v.replace(SEP, ":"))
        for k, v in mapping.items()
    }


def _renamed(diffusion: Diffusion, view: str) -> tuple[Forest, dict[str, str | None]]:
    chosen = next((v for v in diffusion.views if v.view == view), None)
    if chosen is None:
        raise InputError(f"no {view!r} view; the reconstructed view needs a follows file")
    shown = _display(diffusion)
    nodes = {
        k.replace(SEP, ":"): r._replace(node_id=k.replace(SEP, ":")) for k, r in shown.nodes.items()
    }
    forest = Forest(
        nodes, _rename(shown.parents), frozenset(k.replace(SEP, ":") for k in shown.dangling)
    )
    return forest, _rename(chosen.parents)


def write_gexf(diffusion: Diffusion, path: Path | str, view: str = "root-attributed") -> Path:
    """Write one view of the forest as dynamic GEXF 1.3 (node ids ``platform:id``)."""
    forest, parents = _renamed(diffusion, view)
    Path(path).write_text(forest_gexf(forest, parents, view=view), encoding="utf-8")
    return Path(path)


def write_edge_list(diffusion: Diffusion, path: Path | str, view: str = "root-attributed") -> Path:
    """Write one view of the forest as a CSV edge list (see `groundswell.methods.gexf.CSV_COLUMNS`)."""
    forest, parents = _renamed(diffusion, view)
    Path(path).write_text(edge_list_csv(forest, parents, view=view), encoding="utf-8")
    return Path(path)
