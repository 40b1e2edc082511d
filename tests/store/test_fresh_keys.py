"""An ingest into an empty store inserts new posts without the conflict check, and stores exactly
what upserting every post stores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from groundswell.store import IngestOptions, Store, fresh_keys, ingest
from groundswell.store.fresh_keys import FreshKeys, Hashes
from tests.store.snapshots import ingest_snapshot, shared_sources, table_snapshot

# Many small transactions per file, so the same posts, better versions and edits cross them.
_CHUNKED = IngestOptions(
    workers=2, parallel_min_bytes=0, parallel_chunk_bytes=20_000, parallel_commit_bytes=40_000
)


def test_plain_inserts_store_what_upserts_store(
    shared_data: Path, key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = ingest_snapshot(tmp_path / "fresh.duckdb", shared_sources(shared_data), _CHUNKED)
    with monkeypatch.context() as patch:
        patch.setattr(FreshKeys, "if_empty", classmethod(lambda cls, connection: None))
        upserted = ingest_snapshot(
            tmp_path / "upserted.duckdb", shared_sources(shared_data), _CHUNKED
        )
    assert fresh[0].total("posts") == upserted[0].total("posts")
    assert len(fresh[1]) > 700
    assert fresh[1] == upserted[1]
    assert fresh[2] == upserted[2]
    assert table_snapshot(tmp_path / "fresh.duckdb") == table_snapshot(tmp_path / "upserted.duckdb")


def test_a_post_wrongly_taken_for_new_is_upserted_after_all(
    shared_data: Path, key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the store not empty after all, the plain insert fails on the primary key; the
    transaction is rolled back and written again with every post upserted."""
    sources = shared_sources(shared_data)
    once = ingest_snapshot(tmp_path / "once.duckdb", sources, _CHUNKED)
    db = tmp_path / "twice.duckdb"
    ingest_snapshot(db, sources, _CHUNKED)
    # Claim the store is empty although it holds every post, and ingest everything again.
    monkeypatch.setattr(FreshKeys, "if_empty", classmethod(lambda cls, connection: cls()))
    with Store(db) as store:
        again = ingest(store, sources, IngestOptions(force=True, workers=1))
    assert again.total("posts") == once[0].total("posts")
    assert table_snapshot(db) == table_snapshot(tmp_path / "once.duckdb")


def test_past_its_limit_the_tracker_is_dropped(
    shared_data: Path, key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped: list[bool] = []
    add = FreshKeys.add

    def add_then_note(self: FreshKeys, hashes: Hashes) -> None:
        add(self, hashes)
        dropped.append(self.full)

    with monkeypatch.context() as patch:
        patch.setattr(fresh_keys, "MAX_KEYS", 50)
        patch.setattr(FreshKeys, "add", add_then_note)
        limited = ingest_snapshot(
            tmp_path / "limited.duckdb", shared_sources(shared_data), _CHUNKED
        )
    assert True in dropped, "the tracker never reached its limit"
    plain = ingest_snapshot(tmp_path / "plain.duckdb", shared_sources(shared_data), _CHUNKED)
    assert limited[1] == plain[1]
    assert table_snapshot(tmp_path / "limited.duckdb") == table_snapshot(tmp_path / "plain.duckdb")


def test_a_store_with_posts_gets_no_tracker(key_file: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert FreshKeys.if_empty(store.connection) is not None
        store.connection.execute(
            "INSERT INTO posts (platform, id, kind, created_at, direct, withheld, deleted) "
            "VALUES ('twitter', '1', 'original', now(), true, false, false)"
        )
        assert FreshKeys.if_empty(store.connection) is None


def test_seen_keys_are_told_apart_from_new_ones() -> None:
    tracker = FreshKeys(max_keys=3)
    posts = pa.table({"platform": ["twitter", "twitter", "mastodon"], "id": ["1", "2", "1"]})
    hashes = tracker.hashes(posts)
    assert tracker.unseen(hashes).tolist() == [True, True, True]
    tracker.add(hashes[:2])
    assert tracker.unseen(hashes).tolist() == [False, False, True]
    assert not tracker.full
    tracker.add(hashes)
    assert tracker.full


def _status(number: int, text: str, user: int, **extra: object) -> dict[str, object]:
    return {
        "id": number,
        "id_str": str(number),
        "created_at": "Fri Oct 20 10:00:00 +0000 2017",
        "text": text,
        "user": {"id": user, "id_str": str(user), "screen_name": f"user{user}"},
        "entities": {"hashtags": [{"text": "metoo", "indices": [7, 13]}], "user_mentions": []},
        "lang": "en",
        **extra,
    }


def test_a_post_first_embedded_then_collected_ends_up_collected(
    key_file: Path, tmp_path: Path
) -> None:
    """The later, better version of a post already written goes through the upsert."""
    original = _status(1, "me too #metoo", 11)
    retweet = _status(2, "RT @user11: me too #metoo", 12, retweeted_status=original)
    (tmp_path / "a.jsonl").write_text(json.dumps(retweet) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(original) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [tmp_path / "a.jsonl"], IngestOptions())
        assert store.connection.execute("SELECT direct FROM posts WHERE id = '1'").fetchall() == [
            (False,)
        ]
    for db, paths in (
        ("one-call.duckdb", [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]),
        ("s.duckdb", [tmp_path / "b.jsonl"]),
    ):
        with Store(tmp_path / db) as store:
            ingest(store, paths, IngestOptions())
            rows = store.connection.execute("SELECT id, kind, direct FROM posts ORDER BY id")
            assert rows.fetchall() == [("1", "original", True), ("2", "repost", True)], db


def test_unseen_agrees_with_a_set_of_the_keys_added() -> None:
    rng = np.random.default_rng(0)
    tracker, added = FreshKeys(), set()
    for _ in range(50):
        hashes = rng.integers(-40, 40, size=int(rng.integers(0, 12)), dtype=np.int64)
        assert tracker.unseen(hashes).tolist() == [h not in added for h in hashes.tolist()]
        tracker.add(hashes)
        added.update(hashes.tolist())
