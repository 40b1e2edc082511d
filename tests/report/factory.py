"""A measure dict of `docs/measure-schema.md`, built by hand for renderer tests."""

from __future__ import annotations

from typing import Any


def measure_dict(**overrides: Any) -> dict[str, Any]:
    """A complete measure dict (three days), with ``overrides`` replacing top-level keys."""
    series = []
    cumulative = 0
    for day, (posts, voices, new) in enumerate([(40, 20, 20), (900, 400, 390), (120, 60, 25)]):
        cumulative += new
        series.append(
            {
                "start": f"2017-10-{15 + day}T00:00:00Z",
                "posts": posts,
                "voices": voices,
                "new_voices": new,
                "cumulative_voices": cumulative,
                "amplifiers": 30,
                "new_amplifiers": 12,
                "all_posts": posts * 10,
                "share": 0.1,
            }
        )
    data: dict[str, Any] = {
        "schema": "groundswell.measure/1",
        "movement": {"name": "metoo", "definition_hash": "ab" * 32, "title": "#MeToo"},
        "window": {
            "from": "2017-10-15T00:00:00Z",
            "to": "2017-10-18T00:00:00Z",
            "interval": "day",
            "tz": "UTC",
        },
        "engine": "duckdb",
        "units": {
            "posts": "matching posts",
            "voices": "distinct accounts that wrote",
            "new_voices": "first time",
            "amplifiers": "reposters",
        },
        "totals": {"posts": 1060, "voices": 435, "amplifiers": 70, "both": 5, "direct_posts": 1000},
        "series": series,
        "breakdown": {
            "platform": [
                {"key": "twitter", "posts": 1000, "voices": 400, "amplifiers": 60},
                {"key": "mastodon", "posts": 55, "voices": 30, "amplifiers": 7},
                {"key": "bluesky", "posts": 5, "voices": 5, "amplifiers": 3},
            ],
            "language": [
                {"key": "en", "posts": 1000, "voices": 420, "amplifiers": 70},
                {"key": "is", "posts": 60, "voices": 15, "amplifiers": 0},
            ],
            "variant": [
                {"key": "metoo", "posts": 1050, "voices": 430, "amplifiers": 70},
                {"key": "<b>bold</b>", "posts": 10, "voices": 5, "amplifiers": 0},
            ],
            "cooccurring_hashtags": [
                {"key": "timesup", "posts": 50},
                {"key": "<script>alert(1)</script>", "posts": 12},
            ],
        },
        "bursts": {
            "two_state": [
                {
                    "start": "2017-10-16T00:00:00Z",
                    "end": "2017-10-17T00:00:00Z",
                    "level": 1,
                    "weight": 3.5,
                }
            ],
            "infinite_state": [],
            "poisson": [],
        },
        "origin": {
            "first_uses": [
                {
                    "variant": "metoo",
                    "platform": "twitter",
                    "id": "920067975016624128",
                    "author": "p_aaaa",
                    "created_at": "2017-10-15T20:21:00Z",
                }
            ],
            "earliest_use": "2017-10-15T20:21:00Z",
            "ignition": "2017-10-15T20:21:00Z",
            "gap_days": 0.0,
            "seed_posts": [
                {
                    "platform": "twitter",
                    "id": "920067975016624128",
                    "author": "p_aaaa",
                    "created_at": "2017-10-15T20:21:00Z",
                    "new_voices_brought": 300,
                    "reason": "call to action",
                    "text": "SECRET POST TEXT",
                }
            ],
        },
        "amplifiers": {
            "people": [
                {
                    "author": "p_bbbb",
                    "platform": "twitter",
                    "direct_descendants": 50,
                    "total_descendants": 80,
                    "new_voices_brought": 20,
                },
                {
                    "author": "<img src=x onerror=alert(3)>",
                    "platform": "<script>alert(4)</script>",
                    "direct_descendants": 40,
                    "total_descendants": 40,
                    "new_voices_brought": 12,
                },
            ],
            "cascades": [
                {"root": "920067975016624128", "size": 81, "depth": 3, "structural_virality": 2.4}
            ],
            "view": "root-attributed",
        },
        "magnitude": {
            "scenarios": [
                {
                    "name": "disclosure rate 11%",
                    "estimate": 3900,
                    "interval_low": 2100,
                    "interval_high": 7000,
                    "assumptions": "rate from Modrek & Chakalov",
                }
            ],
            "bare": {"estimate": 5},
        },
        "categories": {"disclosure": {"share": 0.11, "ci_low": 0.09, "ci_high": 0.13}},
        "caveats": [
            "Observed voices are a lower bound: many people who were affected never post.",
            "A re-collection misses deleted posts.",
        ],
    }
    data.update(overrides)
    return data
