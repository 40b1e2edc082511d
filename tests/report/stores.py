"""Small hand-made stores for the report and dashboard tests: CSV files ingested and matched."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

from groundswell.movements import load_movement
from groundswell.store import IngestOptions, Store, ingest
from groundswell.store.matching import match_movement

HOSTILE_TEXT = "<img src=x onerror=alert(1)> <script>alert(1)</script> #metoo"
HOSTILE_TAG = "<script>alert(1)</script>"
HOSTILE_AUTHOR = "<img src=x onerror=alert(2)>"
START = datetime(2017, 10, 15, 12, 0)
COLUMNS = ["id", "text", "created_at", "author", "lang", "hashtags", "kind", "reposted_id"]


def _row(
    post_id: str,
    author: str,
    at: datetime,
    tags: list[str],
    lang: str = "en",
    kind: str = "original",
    reposted: str = "",
    text: str | None = None,
) -> dict[str, str]:
    return {
        "id": post_id,
        "text": text or f"post {post_id} " + " ".join("#" + t for t in tags),
        "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "author": author,
        "lang": lang,
        "hashtags": json.dumps(tags),
        "kind": kind,
        "reposted_id": reposted,
    }


def twitter_rows(prefix: str = "t", days: int = 4, hostile: bool = True) -> list[dict[str, str]]:
    """Matching and non-matching posts over ``days`` days: many voices in English, a few in French."""
    rows = []
    for day in range(days):
        for n in range(12 + 10 * day):  # voices grow day by day
            at = START + timedelta(days=day, minutes=7 * n)
            rows.append(_row(f"{prefix}{day}-{n}", f"acct{day * 5 + n}", at, ["metoo"]))
        for n in range(3):
            at = START + timedelta(days=day, hours=3, minutes=n)
            rows.append(_row(f"{prefix}fr{day}-{n}", f"fr{n}", at, ["balancetonporc"], lang="fr"))
        for n in range(15):
            at = START + timedelta(days=day, hours=5, minutes=n)
            rows.append(
                _row(
                    f"{prefix}rt{day}-{n}",
                    f"amp{n}",
                    at,
                    ["metoo"],
                    kind="repost",
                    reposted=f"{prefix}{day}-0",
                )
            )
        rows.append(_row(f"{prefix}other{day}", "bystander", START + timedelta(days=day), ["cats"]))
    if hostile:
        rows.append(
            _row(
                f"{prefix}evil",
                HOSTILE_AUTHOR,
                START + timedelta(days=days - 1, hours=10),
                ["metoo", HOSTILE_TAG],
                text=HOSTILE_TEXT,
            )
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` as a CSV file."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def options(platform: str) -> IngestOptions:
    """Ingest options for the CSV files above, with plain (not pseudonymised) identities."""
    mapping = tuple(f"{c}={c}" for c in COLUMNS) + (f"platform={platform}",)
    return IngestOptions(column_map=mapping, pseudonyms=False, force=True)


def add_posts(db: Path, csv_path: Path, platform: str = "twitter", movement: str = "metoo") -> None:
    """Ingest one CSV file into ``db`` and re-match the movement."""
    with Store(db) as store:
        ingest(store, [csv_path], options(platform))
        match_movement(store, load_movement(movement))


def build_store(folder: Path, *, hostile: bool = True) -> Path:
    """A store with Twitter and Mastodon posts of #MeToo (and #BalanceTonPorc), matched."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "test.duckdb"
    add_posts(db, write_csv(folder / "twitter.csv", twitter_rows("t", hostile=hostile)), "twitter")
    add_posts(
        db, write_csv(folder / "mastodon.csv", twitter_rows("m", days=2, hostile=False)), "mastodon"
    )
    return db
