"""Totals and breakdowns of a movement's window: by platform, language and variant, and the
hashtags that co-occur with it; every distinct count is exact."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import ibis
from ibis.expr.types import Table

from groundswell.measures.engine import Engine
from groundswell.measures.frames import Window, movement_posts
from groundswell.text.normalize import fold_tag

__all__ = ["Breakdown", "BreakdownRow", "Totals", "Tally"]

DIMENSIONS = ("platform", "language", "variant")


@dataclass(frozen=True, slots=True)
class Totals:
    """Window totals: matched ``posts``, distinct ``voices`` and ``amplifiers``, accounts that
    were ``both``, and ``direct_posts`` (collected directly, not embedded in another post)."""

    posts: int
    voices: int
    amplifiers: int
    both: int
    direct_posts: int


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One key of a breakdown (``key`` None: the value was missing, e.g. no language given)."""

    key: str | None
    posts: int
    voices: int
    amplifiers: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Rows per dimension (most posts first) and the top co-occurring hashtags."""

    totals: Totals
    dimensions: dict[str, tuple[BreakdownRow, ...]]
    hashtags: tuple[tuple[str, int], ...]


def _windowed(engine: Engine, movement: str, window: Window) -> Table:
    moves = movement_posts(engine, movement)
    moves = moves.filter(
        (moves.created_at >= ibis.literal(window.utc_start))
        & (moves.created_at < ibis.literal(window.utc_end))
    )
    return moves.mutate(account=moves.platform.concat("\x1f", moves.author))


class Tally:
    """Total the window and break it down by platform, language and variant."""

    name = "breakdown"
    title = "Totals and breakdowns"
    description = "Count posts, voices and amplifiers per platform, language and variant."

    def __init__(self, movement: str, window: Window, top_hashtags: int = 20) -> None:
        self.movement = movement
        self.window = window
        self.top_hashtags = top_hashtags

    def run(self, engine: Engine, variants: Collection[str]) -> Breakdown:
        """Compute totals, breakdowns and co-occurring hashtags (``variants`` are left out)."""
        moves = _windowed(engine, self.movement, self.window)
        voice, amp = moves.role == "voice", moves.role == "amplifier"
        parts = []
        for name, column in zip(
            DIMENSIONS, (moves.platform, moves.lang, moves.variant), strict=True
        ):
            parts.append(
                moves.group_by(dim=ibis.literal(name), key=column).aggregate(
                    posts=ibis._.count(),
                    voices=moves.account.nunique(where=voice),
                    amplifiers=moves.account.nunique(where=amp),
                )
            )
        rows = ibis.union(*parts).to_pyarrow().to_pylist()
        dimensions: dict[str, list[BreakdownRow]] = {name: [] for name in DIMENSIONS}
        for row in rows:
            dimensions[row["dim"]].append(
                BreakdownRow(
                    row["key"], int(row["posts"]), int(row["voices"]), int(row["amplifiers"])
                )
            )
        ordered = {
            name: tuple(sorted(items, key=lambda r: (-r.posts, r.key is None, r.key or "")))
            for name, items in dimensions.items()
        }
        return Breakdown(self._totals(moves), ordered, self._hashtags(moves, variants))

    def _totals(self, moves: Table) -> Totals:
        per = moves.group_by("account").aggregate(
            v=(moves.role == "voice").any(), a=(moves.role == "amplifier").any()
        )
        people = (
            per.aggregate(voices=per.v.sum(), amplifiers=per.a.sum(), both=(per.v & per.a).sum())
            .to_pyarrow()
            .to_pylist()[0]
        )
        posts = (
            moves.aggregate(posts=ibis._.count(), direct=moves.direct.sum())
            .to_pyarrow()
            .to_pylist()[0]
        )
        return Totals(
            int(posts["posts"]),
            int(people["voices"] or 0),
            int(people["amplifiers"] or 0),
            int(people["both"] or 0),
            int(posts["direct"] or 0),
        )

    def _hashtags(self, moves: Table, variants: Collection[str]) -> tuple[tuple[str, int], ...]:
        voices = moves.filter(moves.role == "voice")
        tags = voices.select("platform", "id", tag=voices.hashtags_norm.unnest()).distinct()
        leave_out = sorted({fold_tag(v) for v in variants} | {v.lower() for v in variants})
        if leave_out:
            tags = tags.filter(~tags.tag.isin(leave_out))
        counted = (
            tags.group_by("tag")
            .aggregate(posts=ibis._.count())
            .order_by([ibis.desc("posts"), "tag"])
            .limit(self.top_hashtags)
        )
        return tuple((r["tag"], int(r["posts"])) for r in counted.to_pyarrow().to_pylist())
