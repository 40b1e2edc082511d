"""The posts of a movement's diffusion forest, read from an engine into arrays in time order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from ibis.expr.types import BooleanValue, Table

from groundswell.measures.engine import Engine
from groundswell.measures.frames import Window, movement_posts
from groundswell.methods.cascades import Forest, Reference
from groundswell.methods.cascades_arrays import Bools, Ints

__all__ = ["SEP", "ForestPosts", "fetch_forest_posts", "moment", "micros"]

SEP = "\x1f"
_EPOCH = datetime(1970, 1, 1)


def micros(moment: datetime) -> int:
    """Return a naive UTC time as microseconds since 1970-01-01."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def moment(value: int) -> datetime:
    """Return microseconds since 1970-01-01 as a naive UTC time."""
    return _EPOCH + timedelta(microseconds=value)


@dataclass(frozen=True, eq=False)
class ForestPosts:
    """The forest's posts as arrays, in time order (ties: platform, then id); row i is node i.

    Attributes:
        key: ``platform\\x1fid`` per node.
        platform: as stored.
        id: as stored.
        author: as stored (null when missing).
        referenced: the id a reply, quote or repost references (null for an original).
        time: microseconds since 1970-01-01 UTC.
        person: each node's account number; ``people[person]`` is ``platform\\x1fauthor``
            (an empty author when missing).
        people: the account keys, by number.
        first: whether the node is its account's first voice post in the movement.
        stated: replies and quotes, whose parent the platform states exactly.
        parent: the referenced node, -1 when there is none or it is not in the forest.
    """

    key: pa.Array
    platform: pa.Array
    id: pa.Array
    author: pa.Array
    referenced: pa.Array
    time: Ints
    person: Ints
    people: pa.Array
    first: Bools
    stated: Bools
    parent: Ints

    def __len__(self) -> int:
        return len(self.time)

    def keys(self, nodes: Ints | Sequence[int]) -> list[str]:
        """The keys of some nodes."""
        return [str(k) for k in self.key.take(pa.array(nodes, pa.int64())).to_pylist()]

    def find(self, keys: Sequence[str]) -> list[int | None]:
        """Each key's node number, None for a key not in the forest (for a few keys)."""
        wanted = pa.array(keys, pa.string())
        nodes = np.flatnonzero(np.asarray(pc.is_in(self.key, value_set=wanted), dtype=np.bool_))
        where = dict(zip(self.keys(nodes), nodes.tolist(), strict=True))
        return [where.get(k) for k in keys]

    def named(self) -> Bools:
        """Whether each node has an author (neither missing nor empty)."""
        known = pc.fill_null(pc.greater(pc.binary_length(self.author), 0), False)
        return np.asarray(known, dtype=np.bool_)

    @cached_property
    def forest(self) -> Forest:
        """The root-attributed forest as dicts (`groundswell.methods.cascades.Forest`), for the
        exports and the follow-based reconstruction; authors are account keys."""
        keys: list[str] = self.key.to_pylist()
        people: list[str] = self.people.to_pylist()
        platforms: list[str] = self.platform.to_pylist()
        referenced: list[str | None] = self.referenced.to_pylist()
        seconds = (self.time / 1e6).tolist()
        nodes: dict[str, Reference] = {}
        parents: dict[str, str | None] = {}
        for i, (key, up) in enumerate(zip(keys, self.parent.tolist(), strict=True)):
            ref = referenced[i]
            parent = None if ref is None else platforms[i] + SEP + ref
            nodes[key] = Reference(key, parent, people[self.person[i]], seconds[i])
            parents[key] = None if up < 0 else keys[up]
        dangling = frozenset(
            k for k, n in nodes.items() if n.parent_id is not None and parents[k] is None
        )
        return Forest(nodes, parents, dangling)


# The forest's order: time, then platform and id; a post twice (matched and given): matched first.
_ORDER = ("created_at", "platform", "id", "unmatched")


def _node_rows(
    engine: Engine, movement: str, window: Window, extra: Sequence[tuple[str, str]]
) -> pa.Table:
    """The matched posts up to the window's end (plus the given posts, unmatched) as a table."""
    moves = movement_posts(engine, movement)
    moves = moves.filter(moves.created_at < ibis.literal(window.utc_end))

    def columns(table: Table, matched: BooleanValue, voice: BooleanValue) -> Table:
        # As Python's `reply_to_id or quoted_id or reposted_id`: empty strings are skipped.
        referenced = ibis.coalesce(
            table.reply_to_id.nullif(""), table.quoted_id.nullif(""), table.reposted_id
        )
        return table.select(
            "platform",
            "id",
            "author",
            "created_at",
            referenced=referenced,
            stated=table.kind.isin(("reply", "quote")).fill_null(False),
            voice=voice,
            unmatched=~matched,
        )

    wanted = columns(moves, ibis.literal(True), (moves.role == "voice").fill_null(False))
    if extra:
        posts = engine.posts.filter(~engine.posts.deleted)
        keys = ibis.or_(*[(posts.platform == p) & (posts.id == i) for p, i in extra])
        more = columns(posts.filter(keys), ibis.literal(False), ibis.literal(False))
        schema = ibis.schema({n: t.copy(nullable=True) for n, t in wanted.schema().items()})
        wanted = wanted.cast(schema).union(more.cast(schema), distinct=True)
    return wanted.order_by(list(_ORDER)).to_pyarrow()


def _naive_micros(column: pa.ChunkedArray) -> pa.Array:
    """Timestamps (naive UTC, or aware as Spark may give them) as int64 microseconds."""
    values = column.combine_chunks()
    kind = values.type
    if isinstance(kind, pa.TimestampType) and (kind.tz is not None or kind.unit != "us"):
        values = pc.cast(values, pa.timestamp("us"), safe=False)
    return pc.cast(values, pa.int64())


def _sorted(rows: pa.Table, time: Ints) -> bool:
    """Whether ``rows`` are in `_ORDER` (``time`` is their ``created_at``)."""
    if (time[1:] < time[:-1]).any():
        return False
    tied = pa.array(np.flatnonzero(time[1:] == time[:-1]))
    if not len(tied):
        return True
    undecided = np.ones(len(tied), dtype=np.bool_)
    for name in _ORDER[1:]:
        column = rows[name]
        this, after = column.take(tied), column.take(pc.add(tied, 1))
        less = np.asarray(pc.fill_null(pc.less(this, after), False), dtype=np.bool_)
        same = np.asarray(pc.fill_null(pc.equal(this, after), False), dtype=np.bool_)
        if (undecided & ~less & ~same).any():
            return False
        undecided &= same
    return True


def _flags(column: pa.ChunkedArray) -> Bools:
    return np.asarray(pc.fill_null(column, False).combine_chunks(), dtype=np.bool_)


def fetch_forest_posts(
    engine: Engine, movement: str, window: Window, extra: Sequence[tuple[str, str]] = ()
) -> ForestPosts:
    """Read the forest's posts: the movement's posts up to the window's end, plus ``extra``.

    Posts come in time order, ties broken by platform, then id; a post both matched and given in
    ``extra`` is kept once, as matched. A reference to a post outside these makes a root.
    """
    rows = _node_rows(engine, movement, window, extra)
    time = np.asarray(_naive_micros(rows["created_at"]), dtype=np.int64)
    if not _sorted(rows, time):  # the engine's order is checked, not trusted
        rows = rows.take(pc.sort_indices(rows, sort_keys=[(c, "ascending") for c in _ORDER]))
        time = np.asarray(_naive_micros(rows["created_at"]), dtype=np.int64)
    key = pc.binary_join_element_wise(rows["platform"], rows["id"], SEP).combine_chunks()
    if len(key) > 1:  # a post twice (sorted next to itself): keep the first
        again = np.asarray(pc.equal(key[1:], key[:-1]), dtype=np.bool_)
        if again.any():
            keep = np.flatnonzero(np.r_[True, ~again])
            rows, time = rows.take(pa.array(keep)), time[keep]
            key = key.take(pa.array(keep))
    platform = rows["platform"].combine_chunks()
    referenced = rows["referenced"].combine_chunks()
    author = rows["author"].combine_chunks()
    account = pc.binary_join_element_wise(platform, pc.fill_null(author, ""), SEP)
    encoded = pc.dictionary_encode(account)
    person = np.asarray(encoded.indices, dtype=np.int64)
    parent_key = pc.binary_join_element_wise(platform, referenced, SEP)
    parent = np.asarray(pc.fill_null(pc.index_in(parent_key, value_set=key), -1), dtype=np.int64)
    voice = np.flatnonzero(_flags(rows["voice"]))
    first = np.zeros(len(key), dtype=np.bool_)
    if len(voice):
        _, where = np.unique(person[voice], return_index=True)
        first[voice[where]] = True
    return ForestPosts(
        key=key,
        platform=platform,
        id=rows["id"].combine_chunks(),
        author=author,
        referenced=referenced,
        time=time,
        person=person,
        people=encoded.dictionary,
        first=first,
        stated=_flags(rows["stated"]),
        parent=parent,
    )
