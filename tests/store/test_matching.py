"""Matching a movement in the store: the #MeToo stream's known counts, rules, updates, deletions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.movements import load_movement
from groundswell.store import Store, ingest, store_status
from groundswell.store.matching import match_movement, matches_are_current

runner = CliRunner()


@pytest.fixture()
def stream_store(shared_data: Path, key_file: Path, tmp_path: Path) -> Path:
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        ingest(store, [shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"])
    return db


def test_metoo_stream_matches_the_entity_count(stream_store: Path) -> None:
    result = runner.invoke(app, ["match", "--movement", "metoo", "--db", str(stream_store)])
    assert result.exit_code == 0, result.output
    with Store(stream_store) as store:
        con = store.connection
        by_rule = dict(con.execute("SELECT rule, count(*) FROM matches GROUP BY 1").fetchall())
        entity_and_variant = by_rule["hashtag"] + by_rule["repost"]
        assert entity_and_variant == 273
        # Anything beyond the entity count is a phrase match, each with its recorded reason.
        assert set(by_rule) <= {"hashtag", "repost", "phrase"}
        assert con.execute("SELECT count(*) FROM matches WHERE detail IS NULL OR detail = ''").fetchone() == (0,)
        direct = con.execute(
            """SELECT count(*) FROM matches m JOIN posts p USING (platform, id)
               WHERE p.direct AND m.rule IN ('hashtag', 'repost')""").fetchone()
        assert direct == (194,)
        for tag, expected in (("balancetonporc", 7), ("yotambién", 2)):
            rows = con.execute(
                """SELECT count(*), count(m.id) FROM posts p LEFT JOIN matches m USING (platform, id)
                   WHERE p.direct AND list_contains(p.hashtags_norm, ?)""", [tag]).fetchone()
            assert rows == (expected, expected), tag
        status = store_status(store, None)
    if by_rule.get("phrase", 0) == 0:
        assert status["movements"]["metoo"]["voices"] == 159
        assert status["movements"]["metoo"]["amplifiers"] == 108
        assert status["movements"]["metoo"]["both"] == 2
    status_json = json.loads(runner.invoke(app, ["status", "--db", str(stream_store), "--json"]).stdout)
    assert status_json["movements"]["metoo"]["matched_posts"] == status["movements"]["metoo"]["matched_posts"]


def test_changing_the_definition_updates_the_matches(stream_store: Path, tmp_path: Path) -> None:
    narrow = tmp_path / "narrow.toml"
    narrow.write_text(
        'name = "metoo"\ntitle = "#BalanceTonPorc only"\ndescription = "French variant only."\n'
        '[[hashtags]]\ntag = "BalanceTonPorc"\n'
    )
    with Store(stream_store) as store:
        full = match_movement(store, load_movement("metoo"))
        assert matches_are_current(store, load_movement("metoo"))
        small = match_movement(store, load_movement(str(narrow)))
        assert not matches_are_current(store, load_movement("metoo"))
        hashes = store.connection.execute("SELECT DISTINCT definition_hash FROM matches").fetchall()
    assert small.matched_posts < full.matched_posts
    assert hashes == [(load_movement(str(narrow)).definition_hash(),)]


def test_deleted_posts_leave_every_count(stream_store: Path, tmp_path: Path) -> None:
    with Store(stream_store) as store:
        before = match_movement(store, load_movement("metoo"))
        victim = store.connection.execute(
            "SELECT m.id FROM matches m JOIN posts p USING (platform, id) WHERE p.kind = 'original' AND p.direct "
            "AND NOT EXISTS (SELECT 1 FROM posts r WHERE r.reposted_id = p.id) LIMIT 1").fetchone()
        assert victim is not None
    deletion = tmp_path / "delete.jsonl"
    deletion.write_text(json.dumps({"delete": {"status": {"id": int(victim[0]), "id_str": victim[0],
                                                          "user_id": 1, "user_id_str": "1"},
                                               "timestamp_ms": "1508535000000"}}) + "\n")
    with Store(stream_store) as store:
        ingest(store, [deletion])
        assert not matches_are_current(store, load_movement("metoo"))
        after = match_movement(store, load_movement("metoo"))
    assert after.matched_posts == before.matched_posts - 1
