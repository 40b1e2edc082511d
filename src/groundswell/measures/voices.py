"""Voices over time: posts, distinct voices, new voices and amplifiers per interval, exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ibis
from ibis.expr.types import Table

from groundswell.measures.engine import Engine
from groundswell.measures.frames import Window, bucket_expr, movement_posts, to_utc

__all__ = ["IntervalCounts", "VoicesOverTime", "VoicesSeries", "people_series"]


@dataclass(frozen=True, slots=True)
class IntervalCounts:
    """One interval of the series (counts are exact; ``share`` is None when no post was stored).

    ``cumulative_voices`` counts every voice whose first movement post came before the end of
    the interval, including voices first seen before the window started.
    """

    start: datetime
    posts: int
    voices: int
    new_voices: int
    cumulative_voices: int
    amplifiers: int
    new_amplifiers: int
    all_posts: int
    share: float | None


@dataclass(frozen=True, slots=True)
class VoicesSeries:
    """The series of a window: ``start`` of each interval is naive UTC."""

    window: Window
    intervals: tuple[IntervalCounts, ...]


def _in_window(table: Table, window: Window) -> Table:
    return table.filter(
        (table.created_at >= ibis.literal(window.utc_start))
        & (table.created_at < ibis.literal(window.utc_end))
    )


def people_series(moves: Table, role: str, window: Window) -> Table:
    """Return ``b`` (local interval start), ``people`` and ``new`` (first seen) for one role.

    ``people`` counts distinct accounts with a post of ``role`` in the interval, inside the
    window; ``new`` counts accounts whose first post of that role in the whole movement falls in
    the interval (for every interval, also those before the window).
    """
    return _people_counts(moves.filter(moves.role == role), window, ())


def _people_counts(rows: Table, window: Window, by: tuple[str, ...]) -> Table:
    """`people_series` of ``rows``, per value of the columns ``by`` too.

    Each account's intervals are found once (a ``DISTINCT`` the engine computes once, since both
    counts read it) and its first interval is their minimum; the window is applied to the
    counts, after the ``DISTINCT``, so that it does not split it in two.
    """
    per = rows.select(*by, "platform", "author", b=bucket_expr(rows.created_at, window)).distinct()
    first = per.group_by(*by, "platform", "author").aggregate(b=per.b.min())
    new = first.group_by(*by, "b").aggregate(new=ibis._.count())
    seen = per.group_by(*by, "b").aggregate(people=ibis._.count())
    seen = seen.filter((seen.b >= ibis.literal(window.start)) & (seen.b < ibis.literal(window.end)))
    keys = (*by, "b")
    joined = seen.outer_join(new, [seen[k] == new[k] for k in keys])
    return joined.select(
        *(ibis.coalesce(joined[k], joined[f"{k}_right"]).name(k) for k in keys),
        people=joined.people.fill_null(0),
        new=joined.new.fill_null(0),
    )


class VoicesOverTime:
    """Count posts, distinct voices, new voices and amplifiers per interval."""

    name = "voices"
    title = "Voices over time"
    description = "Count distinct voices, new voices and amplifiers per interval, exactly."

    def __init__(self, movement: str, window: Window) -> None:
        self.movement = movement
        self.window = window

    def run(self, engine: Engine) -> VoicesSeries:
        """Compute the series on ``engine``."""
        window = self.window
        moves = movement_posts(engine, self.movement)
        people = _people_counts(moves.filter(moves.role.notnull()), window, ("role",))
        matched = _in_window(moves, window)
        posts = matched.group_by(b=bucket_expr(matched.created_at, window)).aggregate(
            people=ibis._.count()
        )
        posts = posts.select(
            role=ibis.literal("posts"), b=posts.b, people=posts.people, new=ibis.literal(0, "int64")
        )
        counts = _rows(people.union(posts.cast(people.schema())))  # one read of the movement
        store = _in_window(engine.posts.filter(~engine.posts.deleted), window)
        every = store.group_by(b=bucket_expr(store.created_at, window)).aggregate(n=ibis._.count())
        voices = [r for r in counts if r["role"] == "voice"]
        v = {r["b"]: r for r in voices}
        a = {r["b"]: r for r in counts if r["role"] == "amplifier"}
        post_counts = {r["b"]: int(r["people"]) for r in counts if r["role"] == "posts"}
        all_counts = {r["b"]: int(r["n"]) for r in _rows(every)}
        cumulative = sum(int(r["new"]) for r in voices if r["b"] < window.start)
        out: list[IntervalCounts] = []
        for start in window.starts():
            vr, ar = v.get(start, {}), a.get(start, {})
            cumulative += int(vr.get("new", 0))
            n_posts, n_all = post_counts.get(start, 0), all_counts.get(start, 0)
            out.append(
                IntervalCounts(
                    start=to_utc(start, window.tz),
                    posts=n_posts,
                    voices=int(vr.get("people", 0)),
                    new_voices=int(vr.get("new", 0)),
                    cumulative_voices=cumulative,
                    amplifiers=int(ar.get("people", 0)),
                    new_amplifiers=int(ar.get("new", 0)),
                    all_posts=n_all,
                    share=n_posts / n_all if n_all else None,
                )
            )
        return VoicesSeries(window, tuple(out))


def _rows(table: Table) -> list[dict[str, Any]]:
    """Execute and return plain rows with naive datetimes."""
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime) and value.tzinfo is not None:
                row[key] = value.replace(tzinfo=None)
    return rows
