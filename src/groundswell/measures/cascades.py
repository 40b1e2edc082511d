"""Cascades and amplifiers: the movement's diffusion forest, who brought whom, and its exports."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import ibis

from groundswell.errors import InputError
from groundswell.measures.engine import Engine
from groundswell.measures.frames import Window, movement_posts
from groundswell.methods.cascades import (
    CascadeStats,
    Forest,
    PersonReach,
    build_forest,
    cascade_stats,
    node_reach,
    person_reach,
    reconstruct_parents,
)
from groundswell.methods.gexf import edge_list_csv, forest_gexf

__all__ = [
    "CascadeView",
    "Diffusion",
    "Person",
    "fetch_diffusion",
    "load_follows",
    "split_key",
    "write_edge_list",
    "write_gexf",
]

SEP = "\x1f"
_EPOCH = datetime(1970, 1, 1)


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


@dataclass(frozen=True, slots=True)
class CascadeView:
    """One view of the forest: ``root-attributed`` (as platforms record it) or ``reconstructed``."""

    view: str
    parents: Mapping[str, str | None]
    people: tuple[Person, ...]
    cascades: tuple[CascadeStats, ...]


@dataclass(frozen=True)
class Diffusion:
    """The movement's forest and what it tells.

    Attributes:
        forest: nodes keyed ``platform\\x1fid``, authors keyed ``platform\\x1fauthor``.
        times: each node's time (naive UTC).
        first_posts: node keys of each voice's first movement post (ties: platform, id).
        views: the root-attributed view, then the reconstructed one when follows were given.
    """

    forest: Forest
    times: Mapping[str, datetime]
    first_posts: frozenset[str]
    views: tuple[CascadeView, ...]

    def brought(self, within: tuple[datetime, datetime]) -> dict[str, int]:
        """Return, per node, the new voices below it whose first post falls in ``within``."""
        lo, hi = within
        firsts = {n for n in self.first_posts if lo <= self.times[n] < hi}
        reach = node_reach(self.forest.parents, firsts)
        return {node: r.new_voices for node, r in reach.items()}


# What the diffusion forest needs of each post (plus its role in the movement).
_FOREST_COLUMNS = ("platform", "id", "author", "kind", "created_at", "reply_to_id", "quoted_id", "reposted_id")


def _rows(
    engine: Engine, movement: str, window: Window, extra: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    moves = movement_posts(engine, movement)
    moves = moves.filter(moves.created_at < ibis.literal(window.utc_end))
    wanted = moves.select(*_FOREST_COLUMNS, "role")
    if extra:
        posts = engine.posts.filter(~engine.posts.deleted)
        keys = ibis.or_(*[(posts.platform == p) & (posts.id == i) for p, i in extra])
        more = posts.filter(keys).select(*_FOREST_COLUMNS, role=ibis.null("string"))
        schema = ibis.schema({n: t.copy(nullable=True) for n, t in wanted.schema().items()})
        wanted = wanted.cast(schema).union(more.cast(schema), distinct=True)
    rows: list[dict[str, Any]] = wanted.to_pyarrow().to_pylist()
    for row in rows:
        if row["created_at"].tzinfo is not None:
            row["created_at"] = row["created_at"].replace(tzinfo=None)
    return rows


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


def _people(
    parents: Mapping[str, str | None], authors: Mapping[str, str], firsts: frozenset[str], top: int
) -> tuple[Person, ...]:
    reach = person_reach(parents, authors, firsts)
    ranked = sorted(
        ((k, r) for k, r in reach.items() if split_key(k)[1]),
        key=lambda item: (-item[1].total, -item[1].new_voices, item[0]),
    )
    return tuple(Person(*split_key(k), r) for k, r in ranked[:top])


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
    rows = _rows(engine, movement, window, call_to_action)
    rows.sort(key=lambda r: (r["created_at"], r["platform"], r["id"], r["role"] is None))
    refs = []
    times: dict[str, datetime] = {}
    authors: dict[str, str] = {}
    firsts: dict[str, str] = {}
    keep: set[str] = set()
    for r in rows:
        key = r["platform"] + SEP + r["id"]
        if key in times:
            continue
        parent_id = r["reply_to_id"] or r["quoted_id"] or r["reposted_id"]
        parent = None if parent_id is None else r["platform"] + SEP + parent_id
        person = r["platform"] + SEP + (r["author"] or "")
        refs.append((key, parent, person, (r["created_at"] - _EPOCH).total_seconds()))
        times[key], authors[key] = r["created_at"], person
        if r["kind"] in ("reply", "quote"):
            keep.add(key)
        if r["role"] == "voice" and person not in firsts:
            firsts[person] = key
    forest = build_forest(refs)
    first_posts = frozenset(firsts.values())
    views = [_view("root-attributed", forest.parents, authors, first_posts, top)]
    if follows is not None:
        platforms = {split_key(a)[0] for a in authors.values()}
        graph: dict[str, set[str]] = defaultdict(set)
        for platform, follower, followed in follows:
            for p in [platform] if platform else platforms:
                graph[p + SEP + follower].add(p + SEP + followed)
        rebuilt = reconstruct_parents(forest, graph, keep)
        views.append(_view("reconstructed", rebuilt, authors, first_posts, top))
    return Diffusion(forest, times, first_posts, tuple(views))


def _view(
    name: str,
    parents: Mapping[str, str | None],
    authors: Mapping[str, str],
    firsts: frozenset[str],
    top: int,
) -> CascadeView:
    stats = tuple(c for c in cascade_stats(parents) if c.size > 1)[:top]
    return CascadeView(name, parents, _people(parents, authors, firsts, top), stats)


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
