"""Ingesting every real payload file: counts, idempotence, quarantine, deletions, and privacy."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.store import IngestOptions, Store, ingest, store_status
from tests.store.identities import identities, leaks

runner = CliRunner()


def payload_files(shared: Path) -> list[Path]:
    """Every payload file the foundation issue names (not the recorded HTTP exchanges)."""
    platforms = shared / "platforms"
    files = sorted((platforms / "twitter-v1").glob("*.json*"))
    files += sorted((platforms / "twitter-v2").glob("*.json*"))
    files += sorted((platforms / "mastodon").glob("*.body.json"))
    files += sorted((platforms / "reddit").glob("things__*.jsonl"))
    files += sorted((platforms / "instagram").glob("*.jsonl"))
    return files


def _status(db: Path) -> dict[str, object]:
    result = runner.invoke(app, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    status: dict[str, object] = json.loads(result.stdout)
    return status


def test_metoo_stream_counts(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    stream = shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"
    result = runner.invoke(app, ["ingest", str(stream), "--db", str(db)])
    assert result.exit_code == 0, result.output
    status = _status(db)
    assert status["posts"] == 301
    assert status["direct_posts"] == 206
    assert status["platforms"] == {"twitter": 301}
    con = duckdb.connect(str(db), read_only=True)
    authors = con.execute("SELECT count(DISTINCT author) FROM posts WHERE direct").fetchone()
    assert authors == (198,)
    kinds = dict(con.execute("SELECT kind, count(*) FROM posts WHERE direct GROUP BY 1").fetchall())
    assert kinds == {"repost": 120, "original": 64, "reply": 11, "quote": 11}
    # Each repost points to a stored post and carries that post's hashtags.
    orphans = con.execute(
        """SELECT count(*) FROM posts r LEFT JOIN posts o ON o.platform = r.platform AND o.id = r.reposted_id
           WHERE r.kind = 'repost' AND (o.id IS NULL OR r.hashtags <> o.hashtags)"""
    ).fetchone()
    assert orphans == (0,)


def test_bad_line_is_quarantined_with_its_line_number(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    path = shared_data / "platforms/twitter-v2/streaming_output_with_error.jsonl"
    good_lines = 0
    bad_lines = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        try:
            json.loads(line)
            good_lines += 1
        except ValueError:
            bad_lines.append(number)
    db = tmp_path / "q.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "quarantine" in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert [r[0] for r in con.execute("SELECT line FROM quarantine").fetchall()] == bad_lines
    assert con.execute("SELECT count(*) FROM posts WHERE direct").fetchone() == (good_lines,)
    con.close()
    strict = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "strict.duckdb"), "--strict"])
    assert strict.exit_code != 0


def test_every_payload_file_ingests_in_one_call_and_twice_changes_nothing(
    shared_data: Path, key_file: Path, tmp_path: Path
) -> None:
    files = payload_files(shared_data)
    db = tmp_path / "all.duckdb"
    first = runner.invoke(app, ["ingest", *map(str, files), "--db", str(db)])
    assert first.exit_code == 0, first.output
    status = _status(db)
    assert set(status["platforms"]) == {"twitter", "mastodon", "reddit", "instagram"}  # type: ignore[arg-type]
    assert status["deletion_requests"] > 0  # the compliance file and the v1 delete notices
    again = runner.invoke(app, ["ingest", *map(str, files), "--db", str(db), "--force"])
    assert again.exit_code == 0, again.output
    assert _status(db) == status


def test_files_without_posts_are_reported_not_failed(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    v2 = shared_data / "platforms/twitter-v2"
    with Store(tmp_path / "n.duckdb") as store:
        summary = ingest(store, [v2 / "counts.jsonl", v2 / "users.jsonl", v2 / "lists.jsonl", v2 / "empty.json"])
    assert not summary.errors
    assert all(report.holds_no_posts for report in summary.files)


def test_compliance_deletions_remove_text_and_payload(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    v2 = shared_data / "platforms/twitter-v2"
    deleted_ids = [json.loads(line)["id"] for line in (v2 / "tweets_compliance.jsonl").read_text().splitlines()
                   if line.strip() and json.loads(line).get("action") == "delete"]
    assert deleted_ids
    with Store(tmp_path / "d.duckdb") as store:
        ingest(store, [v2 / "tweets_compliance.jsonl"])
        found = store.connection.execute("SELECT count(*) FROM deletions").fetchone()
        assert found == (len(set(deleted_ids)),)


def test_no_plain_account_id_or_handle_anywhere_in_the_store(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    files = payload_files(shared_data)
    ids, handles = identities(files)
    assert len(ids) > 100 and len(handles) > 100
    # Accounts named like a platform ("twitter") would match the platform column itself.
    folded = {h.casefold() for h in handles} - {"twitter", "mastodon", "reddit", "instagram", "bluesky"}
    db = tmp_path / "p.duckdb"
    with Store(db) as store:
        ingest(store, files)
    con = duckdb.connect(str(db), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    found: list[str] = []
    for table in tables:
        cursor = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            for name, value in zip(names, row, strict=True):
                if value is None:
                    continue
                if isinstance(value, bytes):
                    # Stored payloads must be encrypted; ciphertext is not scanned as text (random
                    # bytes can spell a short handle by chance).
                    assert value[:3] == b"GS1", f"{table}.{name} holds an unencrypted payload"
                    continue
                text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
                if name.startswith("hashtags"):
                    continue  # a hashtag that equals someone's handle is a word, not an account
                found += [f"{table}: {leak}" for leak in leaks(text, ids, folded)]
                if isinstance(value, list) and not name.startswith("hashtags"):
                    found += [f"{table}: {v}" for v in value if isinstance(v, str) and v.casefold() in folded]
    assert found == [], found[:20]


@pytest.mark.parametrize("pseudonyms", [True, False])
def test_the_same_account_gets_the_same_pseudonym_across_runs(
    shared_data: Path, key_file: Path, tmp_path: Path, pseudonyms: bool
) -> None:
    stream = shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"
    authors = []
    for name in ("a", "b"):
        with Store(tmp_path / f"{name}.duckdb") as store:
            ingest(store, [stream], IngestOptions(pseudonyms=pseudonyms))
            authors.append(store.connection.execute("SELECT id, author FROM posts ORDER BY id").fetchall())
            status = store_status(store, None)
            assert status["pseudonyms"] is pseudonyms
    assert authors[0] == authors[1]
    plain = json.loads(stream.read_text().splitlines()[0])["user"]["id_str"]
    assert any(a == plain for _, a in authors[0]) is (not pseudonyms)


def test_semicolon_csv_ingests_with_a_column_map(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    import csv

    path = shared_data / "csv/metoo-2019-03-semicolon.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    retweets = sum(r["is_retweet?"].strip().lower() in ("true", "1") for r in rows)
    db = tmp_path / "csv.duckdb"
    args = ["ingest", str(path), "--db", str(db), "--map", "text=tweet_full", "--map", "created_at=created_date",
            "--map", "author_handle=screen_name", "--map", "is_repost=is_retweet?", "--map", "platform=twitter"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    status = _status(db)
    assert status["posts"] == len(rows) == 3182
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM posts WHERE kind = 'repost'").fetchone() == (retweets,)
    missing = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "x.duckdb")])
    assert missing.exit_code != 0
    assert "--map text=" in missing.output.replace("\n", " ")


def test_a_file_of_ids_is_applied_as_deletions(shared_data: Path, key_file: Path, tmp_path: Path) -> None:
    stream = shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"
    ids = [json.loads(line)["id_str"] for line in stream.read_text().splitlines()[:3]]
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "deletions.txt").write_text("# deleted since collection\n" + "\n".join(ids) + "\n")
    (folder / "notes.txt").write_text("not an input")
    with Store(tmp_path / "d.duckdb") as store:
        summary = ingest(store, [stream, folder])
        assert [Path(f.name).name for f in summary.files] == [stream.name, "deletions.txt"]
        rows = store.connection.execute(
            "SELECT count(*) FROM posts WHERE deleted AND text IS NULL AND raw IS NULL").fetchone()
        assert rows == (3,)
        assert store_status(store, None)["posts"] == 301 - 3
