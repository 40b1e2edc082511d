"""A seeded population with a known size, captured by platforms, written into a store with identity links."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from groundswell.movements import load_movement
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store import Store
from groundswell.store.matching import match_movement
from groundswell.store.schema import POST_COLUMNS

PLATFORMS = ("twitter", "mastodon", "bluesky", "reddit", "instagram")
START = datetime(2017, 10, 15)


@dataclass(frozen=True)
class Population:
    """The truth: ``size`` people, ``histories[person, platform]`` who posted where."""

    size: int
    histories: np.ndarray
    platforms: tuple[str, ...]


def draw(
    seed: int, size: int, probabilities: tuple[float, ...], dependence: float = 0.0
) -> Population:
    """Capture each person on each list independently (``dependence`` > 0 adds a shared person factor)."""
    rng = np.random.default_rng(seed)
    p = np.asarray(probabilities)
    if dependence:
        logit = np.log(p / (1 - p))[None, :] + dependence * rng.standard_normal(size)[:, None]
        prob = 1 / (1 + np.exp(-logit))
    else:
        prob = np.broadcast_to(p, (size, p.size))
    histories = (rng.random((size, p.size)) < prob).astype(np.int64)
    return Population(size, histories, PLATFORMS[: p.size])


def write_store(
    population: Population,
    db: Path,
    links: Path,
    keys: KeyRing,
    *,
    days: int = 20,
    gap_days: tuple[int, ...] = (),
    plain_links: bool = True,
    seed: int = 0,
) -> None:
    """Write one #MeToo post per capture into ``db`` (authors pseudonymised) and the links CSV.

    Every platform also gets one unrelated post per day outside ``gap_days``, so the collection
    covers each day except the gaps; the movement's posts avoid the gaps too.
    """
    rng = np.random.default_rng(seed)
    pseudonyms = Pseudonymizer(keys)
    covered = [day for day in range(days) if day not in gap_days]
    rows: dict[str, list[object]] = {name: [] for name, _ in POST_COLUMNS}

    def add(platform: str, post_id: str, author: str, at: datetime, tags: list[str]) -> None:
        values: dict[str, object] = {
            "platform": platform,
            "id": post_id,
            "author": author,
            "kind": "original",
            "created_at": at,
            "text": "text",
            "lang": "en",
            "hashtags": tags,
            "hashtags_norm": [t.lower() for t in tags],
            "direct": True,
            "withheld": False,
            "deleted": False,
            "source_file": f"{platform}.jsonl",
            "format": "test",
        }
        for name, _ in POST_COLUMNS:
            rows[name].append(values.get(name))

    link_rows = []
    for person, history in enumerate(population.histories):
        for k, platform in enumerate(population.platforms):
            account = f"{1000 + person}"
            author = pseudonyms.account(platform, account)
            link_rows.append((f"person{person}", platform, account if plain_links else author))
            if history[k]:
                day = covered[int(rng.integers(len(covered)))]
                add(
                    platform,
                    f"{platform}-{person}",
                    author,
                    START + timedelta(days=day, hours=12),
                    ["MeToo"],
                )
    for platform in population.platforms:
        for day in covered:
            add(
                platform,
                f"{platform}-bg-{day}",
                pseudonyms.account(platform, "bg"),
                START + timedelta(days=day, hours=3),
                ["news"],
            )
    table = pa.table(rows, schema=_schema())
    with Store(db) as store:
        store.bind_key(keys)
        store.connection.register("incoming", table)
        store.connection.execute("INSERT INTO posts SELECT * FROM incoming")
        store.connection.unregister("incoming")
        match_movement(store, load_movement("metoo"), pseudonyms=pseudonyms)
    with links.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "platform", "account"])
        writer.writerows(link_rows)


def _schema() -> pa.Schema:
    types = {
        "VARCHAR": pa.string(),
        "TIMESTAMP": pa.timestamp("us"),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "BOOLEAN": pa.bool_(),
        "BLOB": pa.binary(),
        "VARCHAR[]": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind.split()[0]]) for name, kind in POST_COLUMNS])
