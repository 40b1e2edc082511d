"""Origin: the first known use of each variant, the ignition point, and the seed posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import ibis

from groundswell.measures.bursts import Bursts, TimedBurst
from groundswell.measures.cascades import SEP, Diffusion, split_key
from groundswell.measures.engine import Engine
from groundswell.measures.frames import Window, movement_posts
from groundswell.measures.voices import VoicesSeries

__all__ = ["FirstUse", "Origin", "OriginFinder", "Seed"]


# A burst can be the ignition only if it weighs at least this share of the heaviest burst.
IGNITION_WEIGHT_SHARE = 0.1


def ignition_burst(bursts: Sequence[TimedBurst]) -> TimedBurst | None:
    """The first level-1 burst weighing at least ``IGNITION_WEIGHT_SHARE`` of the heaviest one.

    Early flickers (a few posts on days with little else) are bursts too; the surge is the first
    burst of a weight comparable to the heaviest one.
    """
    level_one = [b for b in bursts if b.level == 1]
    heaviest = max((b.weight for b in level_one), default=0.0)
    heavy = [b for b in level_one if b.weight >= IGNITION_WEIGHT_SHARE * heaviest]
    return min(heavy, key=lambda b: b.start) if heavy else None


@dataclass(frozen=True, slots=True)
class FirstUse:
    """The earliest stored own-words post (original, reply or quote) of one variant."""

    variant: str
    platform: str
    id: str
    author: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Seed:
    """A post that started the movement; ``new_voices_brought`` counts new voices below it in
    the diffusion forest whose first post falls in the ignition window."""

    platform: str
    id: str
    author: str | None
    created_at: datetime | None
    new_voices_brought: int
    reason: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where and when the movement started (times naive UTC).

    Attributes:
        first_uses: one per variant, oldest first.
        earliest_use: the oldest first use (None when nothing matched).
        ignition: the start of the first top-level two-state burst weighing at least
            ``IGNITION_WEIGHT_SHARE`` of the heaviest one, else of the interval whose voices
            jumped most.
        ignition_rule: ``first burst`` or ``largest jump``.
        ignition_window: (start, end) of that burst or interval.
        gap_days: days from earliest use to ignition.
        seeds: the calls to action when given, else the posts that brought the most new voices.
    """

    first_uses: tuple[FirstUse, ...]
    earliest_use: datetime | None
    ignition: datetime | None
    ignition_rule: str
    ignition_window: tuple[datetime, datetime] | None
    gap_days: float | None
    seeds: tuple[Seed, ...]


class OriginFinder:
    """Find the first use of each variant, the ignition point and the seed posts."""

    name = "origin"
    title = "Origin"
    description = "Find each variant's first use, the ignition point and the seed posts."

    def __init__(
        self,
        movement: str,
        window: Window,
        call_to_action: Sequence[tuple[str, str]] = (),
        top: int = 10,
    ) -> None:
        self.movement = movement
        self.window = window
        self.call_to_action = tuple(call_to_action)
        self.top = top

    def first_uses(self, engine: Engine) -> tuple[FirstUse, ...]:
        """Return the first voice post of each variant up to the window's end."""
        moves = movement_posts(engine, self.movement)
        moves = moves.filter(
            (moves.role == "voice") & (moves.created_at < ibis.literal(self.window.utc_end))
        )
        # The earliest time per variant first, then the few posts at that time ranked: cheaper
        # than ranking every post of a variant.
        earliest = moves.group_by(earliest_variant=moves.variant).aggregate(
            earliest_at=moves.created_at.min()
        )
        tied = moves.inner_join(
            earliest,
            [
                moves.variant.identical_to(earliest.earliest_variant),
                moves.created_at == earliest.earliest_at,
            ],
        )
        order = ibis.window(group_by="variant", order_by=["created_at", "platform", "id"])
        ranked = tied.mutate(n=ibis.row_number().over(order))
        first = ranked.filter(ranked.n == 0).select(
            "variant", "platform", "id", "author", "created_at"
        )
        rows = first.to_pyarrow().to_pylist()
        uses = [
            FirstUse(
                r["variant"],
                r["platform"],
                r["id"],
                r["author"],
                r["created_at"].replace(tzinfo=None),
            )
            for r in rows
        ]
        return tuple(sorted(uses, key=lambda u: (u.created_at, u.variant)))

    def run(
        self, engine: Engine, series: VoicesSeries, bursts: Bursts, diffusion: Diffusion
    ) -> Origin:
        """Combine first uses, the bursts of the series and the diffusion forest."""
        uses = self.first_uses(engine)
        earliest = uses[0].created_at if uses else None
        first = ignition_burst(bursts.two_state)
        rule, window = "first burst", None
        if first is not None:
            window = (first.start, first.end)
        else:
            rule = "largest jump"
            steps = series.intervals
            ends = [*(i.start for i in steps[1:]), series.window.utc_end]
            jumps = [
                (steps[t].voices - (steps[t - 1].voices if t else 0), -t) for t in range(len(steps))
            ]
            if steps and max(jumps)[0] > 0:
                t = -max(jumps)[1]
                window = (steps[t].start, ends[t])
        ignition = window[0] if window else None
        gap = (ignition - earliest).total_seconds() / 86_400 if ignition and earliest else None
        seeds = self._seeds(diffusion, window)
        return Origin(uses, earliest, ignition, rule, window, gap, seeds)

    def _seeds(
        self, diffusion: Diffusion, window: tuple[datetime, datetime] | None
    ) -> tuple[Seed, ...]:
        if self.call_to_action:
            keys = [platform + SEP + post_id for platform, post_id in self.call_to_action]
            counts = diffusion.brought_by(window, keys) if window else [0] * len(keys)
            reason = "call to action"
        else:
            ranked = diffusion.top_brought(window, self.top) if window else []
            keys, counts = [key for key, _ in ranked], [n for _, n in ranked]
            reason = "brought the most new voices in the ignition window"
        seeds = []
        for key, n, found in zip(keys, counts, diffusion.describe(keys), strict=True):
            author, when = found if found else (None, None)
            seeds.append(Seed(*split_key(key), author, when, n, reason))
        return tuple(seeds)
