"""Run a simulation: grow cascades, assign people and texts, write native files and the truth."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
from numpy.typing import NDArray

from groundswell.errors import GroundswellError
from groundswell.runtime import collector_paused
from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import Accounts
from groundswell.simulate._assign import World, assign
from groundswell.simulate._bluesky import write_bluesky
from groundswell.simulate._catalogue import build_catalogue
from groundswell.simulate._common import Context, Output
from groundswell.simulate._config import PLATFORMS, TWITTER, MovementSpec, movement_spec
from groundswell.simulate._fork import Apart, can_fork
from groundswell.simulate._ids import twitter_snowflakes
from groundswell.simulate._mastodon import write_mastodon
from groundswell.simulate._reddit import write_reddit
from groundswell.simulate._table import write_table
from groundswell.simulate._timeline import baseline_skeleton, movement_skeleton
from groundswell.simulate._truth import (
    daily_truth,
    disclosure_truth,
    write_categories,
    write_identity_links,
)
from groundswell.simulate._twitter import twitter_ids, write_twitter
from groundswell.text.normalize import fold_tag

__all__ = ["SimulationSummary", "simulate"]

I64 = NDArray[np.int64]
BASELINE_SHARE = 0.3
"""Share of the posts that are everyday traffic, not the movement's cascades."""
PARALLEL_FROM = 100_000
"""From this many posts, ``simulate`` uses a second process (a second core) by default."""


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    """What ``simulate`` wrote.

    Attributes:
        out_dir: the output directory.
        posts_written: distinct posts written (deleted and malformed ones included; an edited
            tweet counts once though both versions are written).
        files: path relative to ``out_dir`` → lines written.
        truth: path of ``truth.json``.
        movement: path of ``movement.toml``.
        call_to_action: ``(platform, id)`` of the call to action.
        ignition: time of the call to action.
        seconds: wall time taken.
    """

    out_dir: Path
    posts_written: int
    files: dict[str, int] = field(default_factory=dict)
    truth: Path = Path()
    movement: Path = Path()
    call_to_action: tuple[str, str] = ("", "")
    ignition: datetime | None = None
    seconds: float = 0.0


def simulate(
    out_dir: Path,
    *,
    posts: int = 1_000_000,
    seed: int = 0,
    movement: str = "metoo",
    dependent_lists: bool = False,
    parallel: bool | None = None,
) -> SimulationSummary:
    """Write a seeded multi-platform movement of ``posts`` posts under ``out_dir`` with its truth.

    Layout: ``data/`` (native files per platform), ``truth.json``, ``truth_categories.parquet``,
    ``identity_links.csv`` and ``movement.toml``. The same arguments give the same bytes.
    ``dependent_lists`` makes platform membership positively dependent within a person.
    ``parallel`` writes the Twitter files in a forked process while this one writes the rest, where
    the system can fork (default: from ``PARALLEL_FROM`` posts); the bytes are the same either way.
    """
    if posts < 200:
        raise GroundswellError(
            f"simulate needs at least 200 posts (got {posts}); pass --posts 200 or more"
        )
    spec = movement_spec(movement)
    fork = (posts >= PARALLEL_FROM if parallel is None else parallel) and can_fork()
    with collector_paused():
        return _simulate(Path(out_dir), posts, seed, spec, dependent_lists, fork)


def _simulate(
    out: Path, posts: int, seed: int, spec: MovementSpec, dependent_lists: bool, fork: bool
) -> SimulationSummary:
    """``simulate`` with its arguments checked."""
    started = time.perf_counter()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    n_base = round(posts * BASELINE_SHARE)
    mov, cta = movement_skeleton(streams[0], spec, posts - n_base)
    base = baseline_skeleton(streams[1], spec, n_base)
    catalogue = build_catalogue(frozenset(fold_tag(t) for t in spec.hashtags))
    world = assign(streams[2], mov, base, catalogue, dependent_lists=dependent_lists)
    accounts = Accounts(streams[3], world.people)  # each platform's made when first used
    ctx = Context(world, accounts, catalogue, streams[4])
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    apart = Apart(lambda: write_twitter(ctx, data), fork=fork)
    try:
        order, ids, files = _write_rest(ctx, data)
        keys = accounts.column("keys")
        write_categories(out / "truth_categories.parquet", world, order, ids, keys)
        files["identity_links.csv"] = (
            write_identity_links(out / "identity_links.csv", world, accounts, keys) + 1
        )
        cta_id = str(twitter_snowflakes(world.t[cta : cta + 1], np.array([cta]))[0])
        cta_handle = accounts[TWITTER].handles[int(world.account[cta])].as_py()
        ignition = datetime.fromtimestamp(int(world.t[cta]) / 1000, tz=UTC)
        (out / "movement.toml").write_text(
            _movement_toml(spec, cta_id, cta_handle, ignition), encoding="utf-8"
        )
        truth = _truth(world, spec, seed, dependent_lists, cta_id, ignition)
        files = truth["files"] = apart.result() | files  # the files written apart go first
    except BaseException:
        apart.cancel()
        raise
    (out / "truth.json").write_bytes(orjson.dumps(truth, option=orjson.OPT_INDENT_2) + b"\n")
    return SimulationSummary(
        out_dir=out,
        posts_written=len(world.t),
        files=files,
        truth=out / "truth.json",
        movement=out / "movement.toml",
        call_to_action=("twitter", cta_id),
        ignition=ignition,
        seconds=time.perf_counter() - started,
    )


def _write_rest(ctx: Context, data: Path) -> tuple[I64, pa.Array, dict[str, int]]:
    """Write all but the Twitter files; return every post (world indices, platform by platform),
    its id, and the lines written per file."""
    tweets, tweet_ids = twitter_ids(ctx)
    outputs: list[Output] = [
        Output(tweets, arrow.decimals(tweet_ids)),
        write_mastodon(ctx, data),
        write_bluesky(ctx, data),
        write_reddit(ctx, data),
        write_table(ctx, data),
    ]
    order = np.concatenate([o.sel for o in outputs])
    ids = pa.concat_arrays([o.ids for o in outputs])
    return order, ids, {path: lines for o in outputs for path, lines in o.files.items()}


def _truth(
    world: World,
    spec: MovementSpec,
    seed: int,
    dependent_lists: bool,
    cta_id: str,
    ignition: datetime,
) -> dict[str, Any]:
    """``truth.json`` but for its ``files``, which the caller fills in."""
    truth: dict[str, Any] = {
        "movement": spec.name,
        "seed": seed,
        "posts_written": len(world.t),
        "ignition": ignition.isoformat().replace("+00:00", "Z"),
        "call_to_action": {"platform": "twitter", "id": cta_id},
        "quiet_period": {
            "start": datetime.fromtimestamp(spec.quiet_start_ms / 1000, tz=UTC).date().isoformat(),
            "end": (ignition.date()).isoformat(),
        },
        "identity_links": "identity_links.csv",
        "categories_file": "truth_categories.parquet",
        "dependent_lists": dependent_lists,
        "platforms": [p.name for p in PLATFORMS],
        "deleted_posts": {
            p.name: int((world.deleted & (world.plat == i)).sum()) for i, p in enumerate(PLATFORMS)
        },
        "edited_posts": int(world.edited.sum()),
        "malformed_posts": int(world.malformed.sum()),
        "files": {},
    }
    truth.update(daily_truth(world))
    truth.update(disclosure_truth(world))
    return truth


def _movement_toml(spec: MovementSpec, cta_id: str, cta_handle: str, ignition: datetime) -> str:
    """The movement definition in the schema of ``groundswell/movements`` (presets/*.toml)."""
    groups: dict[str, list[str]] = {}
    for tag in spec.hashtags:
        groups.setdefault(fold_tag(tag), []).append(tag)
    lines = [
        "# Written by `groundswell simulate`: the simulated movement's definition and its call to action.",
        f'name = "{spec.name}"',
        f'title = "{spec.title}"',
        'description = "Simulated #MeToo: people disclosing harassment with a hashtag variant, or by answering the call with \\"me too\\"."',
        "",
    ]
    for tags in groups.values():
        lines += ["[[hashtags]]", f'tag = "{tags[0]}"']
        if len(tags) > 1:
            lines.append("variants = [" + ", ".join(f'"{t}"' for t in tags[1:]) + "]")
        lines.append("")
    for phrase in spec.phrases:
        lines += [
            "[[phrases]]",
            f'text = "{phrase}"',
            'contexts = ["reply-to-call", "quote-of-call"]',
            "",
        ]
    stamp = ignition.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
    lines += [
        "[[calls_to_action]]",
        'platform = "twitter"',
        f'id = "{cta_id}"',
        f'author = "{cta_handle}"',
        f"time = {stamp}",
        "tolerance_minutes = 5",
        'label = "Simulated call to action: reply \\"me too\\" if you have been harassed or assaulted"',
        "",
    ]
    return "\n".join(lines)
