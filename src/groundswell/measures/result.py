"""The typed result of `measure_movement` and its JSON form (docs/measure-schema.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from groundswell.measures.breakdown import Breakdown
from groundswell.measures.bursts import Bursts, TimedBurst
from groundswell.measures.cascades import CascadeView, Diffusion, split_key
from groundswell.measures.origin import Origin
from groundswell.measures.voices import VoicesSeries

__all__ = ["CAVEATS", "SCHEMA", "UNITS", "MeasureResult", "iso"]

SCHEMA = "groundswell.measure/1"
UNITS = {
    "posts": "matching posts, reposts included, deleted posts excluded",
    "voices": "distinct accounts (platform + pseudonymous author) that wrote a matching original, "
    "reply or quote",
    "new_voices": "voices appearing for the first time in the movement",
    "cumulative_voices": "voices whose first matching post came before the end of the interval",
    "amplifiers": "distinct accounts that reposted a matching post",
    "all_posts": "every stored post in the interval, matching or not, deleted posts excluded",
    "share": "posts / all_posts",
}
CAVEATS = (
    "Observed voices are a lower bound: many people who were affected never post.",
    "Deleted posts are not counted.",
    "A re-collection misses what was deleted before it was made.",
    "Embedded posts (quoted or reposted posts found inside other posts) are included; "
    "totals.direct_posts counts those collected directly.",
)


def iso(moment: datetime | None) -> str | None:
    """Return a naive UTC time as ISO 8601 with ``Z`` (None stays None)."""
    if moment is None:
        return None
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds") + "Z"


def _burst(b: TimedBurst) -> dict[str, Any]:
    return {"start": iso(b.start), "end": iso(b.end), "level": b.level, "weight": b.weight}


def _view(view: CascadeView) -> dict[str, Any]:
    return {
        "people": [
            {
                "author": p.author,
                "platform": p.platform,
                "direct_descendants": p.reach.direct,
                "total_descendants": p.reach.total,
                "new_voices_brought": p.reach.new_voices,
            }
            for p in view.people
        ],
        "cascades": [
            {
                "platform": split_key(c.root)[0],
                "root": split_key(c.root)[1],
                "size": c.size,
                "depth": c.depth,
                "structural_virality": c.virality,
            }
            for c in view.cascades
        ],
        "view": view.view,
    }


@dataclass(frozen=True)
class MeasureResult:
    """Everything `measure_movement` measured; ``to_json_dict`` gives the published form."""

    movement: str
    definition_hash: str | None
    title: str | None
    engine: str
    series: VoicesSeries
    breakdown: Breakdown
    bursts: Bursts
    origin: Origin
    diffusion: Diffusion
    caveats: tuple[str, ...] = field(default=CAVEATS)

    def to_json_dict(self) -> dict[str, Any]:
        """Return the ``groundswell.measure/1`` object of docs/measure-schema.md."""
        window = self.series.window
        totals = self.breakdown.totals
        origin = self.origin
        views = self.diffusion.views
        amplifiers = _view(views[0])
        if len(views) > 1:
            amplifiers["reconstructed"] = _view(views[1])
        dims = self.breakdown.dimensions
        return {
            "schema": SCHEMA,
            "movement": {
                "name": self.movement,
                "definition_hash": self.definition_hash,
                "title": self.title,
            },
            "window": {
                "from": iso(window.utc_start),
                "to": iso(window.utc_end),
                "interval": window.interval,
                "tz": window.tz,
            },
            "engine": self.engine,
            "units": dict(UNITS),
            "totals": {
                "posts": totals.posts,
                "voices": totals.voices,
                "amplifiers": totals.amplifiers,
                "both": totals.both,
                "direct_posts": totals.direct_posts,
            },
            "series": [
                {
                    "start": iso(i.start),
                    "posts": i.posts,
                    "voices": i.voices,
                    "new_voices": i.new_voices,
                    "cumulative_voices": i.cumulative_voices,
                    "amplifiers": i.amplifiers,
                    "new_amplifiers": i.new_amplifiers,
                    "all_posts": i.all_posts,
                    "share": i.share,
                }
                for i in self.series.intervals
            ],
            "breakdown": {
                "platform": [_row(r) for r in dims["platform"]],
                "language": [_row(r) for r in dims["language"]],
                "variant": [_row(r) for r in dims["variant"]],
                "cooccurring_hashtags": [
                    {"key": k, "posts": n} for k, n in self.breakdown.hashtags
                ],
            },
            "bursts": {
                "two_state": [_burst(b) for b in self.bursts.two_state],
                "infinite_state": [_burst(b) for b in self.bursts.infinite_state],
                "poisson": [
                    {"start": iso(t.start), "eta": t.eta, "method": t.method}
                    for t in self.bursts.poisson
                ],
            },
            "origin": {
                "first_uses": [
                    {
                        "variant": u.variant,
                        "platform": u.platform,
                        "id": u.id,
                        "author": u.author,
                        "created_at": iso(u.created_at),
                    }
                    for u in origin.first_uses
                ],
                "earliest_use": iso(origin.earliest_use),
                "ignition": iso(origin.ignition),
                "ignition_rule": origin.ignition_rule,
                "gap_days": origin.gap_days,
                "seed_posts": [
                    {
                        "platform": s.platform,
                        "id": s.id,
                        "author": s.author,
                        "created_at": iso(s.created_at),
                        "new_voices_brought": s.new_voices_brought,
                        "reason": s.reason,
                    }
                    for s in origin.seeds
                ],
            },
            "amplifiers": amplifiers,
            "magnitude": {},
            "categories": {},
            "caveats": [*self.caveats],
        }


def _row(row: Any) -> dict[str, Any]:
    return {"key": row.key, "posts": row.posts, "voices": row.voices, "amplifiers": row.amplifiers}
