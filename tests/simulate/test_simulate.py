"""The simulator: same seed same bytes, native shapes, truth that the written files bear out."""

from __future__ import annotations

import csv
import hashlib
import json
import time
import tomllib
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from groundswell.simulate import simulate
from tests.simulate.reference import read_lines, recount

N = 6_000


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], float]:
    root = tmp_path_factory.mktemp("sim")
    started = time.perf_counter()
    simulate(root, posts=N, seed=3)
    seconds = time.perf_counter() - started
    return root, json.loads((root / "truth.json").read_text()), seconds


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    simulate(tmp_path / "a", posts=1500, seed=11)
    simulate(tmp_path / "b", posts=1500, seed=11)
    simulate(tmp_path / "c", posts=1500, seed=12)
    a, b, c = (_digests(tmp_path / x) for x in "abc")
    assert a == b
    assert len(a) >= 12
    assert a["data/twitter/search.jsonl"] != c["data/twitter/search.jsonl"]


def test_second_process_writes_the_same_bytes(tmp_path: Path) -> None:
    simulate(tmp_path / "one", posts=3000, seed=2, parallel=False)
    simulate(tmp_path / "two", posts=3000, seed=2, parallel=True)
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_twitter_pages_are_ascii_like_twarc2(run: tuple[Path, dict[str, Any], float]) -> None:
    """twarc2 writes ``json.dumps`` output: non-ASCII characters escaped."""
    raw = (run[0] / "data" / "twitter" / "search.jsonl").read_bytes()
    assert raw.isascii()
    assert "\\u00e9" in raw.decode() or "\\ud83d" in raw.decode()


def test_small_run_is_fast(run: tuple[Path, dict[str, Any], float]) -> None:
    assert run[2] < 5.0


def test_truth_is_self_consistent(run: tuple[Path, dict[str, Any], float]) -> None:
    _, truth, _ = run
    daily, totals = truth["daily"], truth["totals"]
    assert truth["posts_written"] == N
    assert sum(d["new_voices"] for d in daily) == totals["voices"]
    assert sum(d["posts"] for d in daily) == totals["posts"]
    assert all(d["voices"] + d["amplifiers"] <= d["posts"] for d in daily)
    assert all(d["new_voices"] <= d["voices"] for d in daily)
    assert max(d["amplifiers"] for d in daily) <= totals["amplifiers"]
    dates = [d["date"] for d in daily]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert sum(v["voices"] for v in truth["by_platform"].values()) == totals["voices"]
    for name, rate in truth["disclosure_rate"].items():
        expected = truth["membership"][name] * truth["disclosure_propensity"][name]
        assert rate == pytest.approx(expected, abs=1e-5)
        assert (
            truth["disclosers_observed"][name]
            <= truth["disclosers"][name]
            <= truth["hidden_population"]
        )


def test_categories_present(run: tuple[Path, dict[str, Any], float]) -> None:
    root, truth, _ = run
    shares = truth["categories"]
    assert set(shares) == {"disclosure", "support", "news", "opposition", "unrelated"}
    assert all(s > 0 for s in shares.values())
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-4)
    table = pq.read_table(root / "truth_categories.parquet").to_pylist()
    assert len(table) == N
    counted = [r for r in table if r["matching"] and not r["deleted"] and not r["malformed"]]
    assert len(counted) == truth["totals"]["posts"]
    assert {r["category"] for r in table if not r["matching"]} >= {"unrelated"}


def test_ignition_after_quiet_period(run: tuple[Path, dict[str, Any], float]) -> None:
    _, truth, _ = run
    ignition = truth["ignition"][:10]
    before = [d for d in truth["daily"] if d["date"] < ignition]
    after = [d for d in truth["daily"] if d["date"] >= ignition]
    assert before and before[0]["date"] < "2015-01-01"
    peak = max(after, key=lambda d: d["posts"])
    assert peak["date"] <= "2017-10-31"
    assert max(d["posts"] for d in before) * 20 < peak["posts"]
    assert truth["call_to_action"]["platform"] == "twitter"


def test_files_recount_to_the_truth(run: tuple[Path, dict[str, Any], float]) -> None:
    """An independent reader (json, csv, tomllib) finds exactly the daily truth in the files."""
    root, truth, _ = run
    mine = recount(root)
    theirs = {
        d["date"]: {k: d[k] for k in ("posts", "voices", "new_voices", "amplifiers")}
        for d in truth["daily"]
    }
    theirs = {k: v for k, v in theirs.items() if v["posts"]}
    assert mine == theirs


def test_twitter_pages_have_the_twarc2_shape(run: tuple[Path, dict[str, Any], float]) -> None:
    root, truth, _ = run
    pages, bad = read_lines(root / "data" / "twitter" / "search.jsonl")
    assert bad == 1  # the truncated last page
    edits = 0
    for page in pages:
        assert set(page) == {"data", "includes", "meta", "__twarc"}
        assert page["meta"]["result_count"] == len(page["data"])
        users = {u["id"] for u in page["includes"]["users"]}
        included = {t["id"] for t in page["includes"].get("tweets", [])}
        for t in page["data"]:
            assert {"id", "text", "author_id", "created_at", "edit_history_tweet_ids"} <= set(t)
            assert t["author_id"] in users
            for ref in t.get("referenced_tweets", []):
                assert ref["id"] in included
            for h in t.get("entities", {}).get("hashtags", []):
                assert t["text"][h["start"] : h["end"]] == "#" + h["tag"]
            edits += len(t["edit_history_tweet_ids"]) > 1
    assert edits == 2 * truth["edited_posts"]
    call = truth["call_to_action"]["id"]
    assert any(t["id"] == call for p in pages for t in p["data"])


def test_mastodon_bluesky_reddit_shapes(run: tuple[Path, dict[str, Any], float]) -> None:
    root, _, _ = run
    statuses, bad_m = read_lines(root / "data" / "mastodon" / "statuses.jsonl")
    for s in statuses:
        assert {
            "id",
            "uri",
            "created_at",
            "content",
            "tags",
            "reblog",
            "in_reply_to_id",
            "language",
        } <= set(s)
        assert {"id", "username", "acct", "url"} <= set(s["account"])
        assert s["content"].startswith("<p>") or s["reblog"] is not None
    events, bad_b = read_lines(root / "data" / "bluesky" / "jetstream.jsonl")
    times = [e["time_us"] for e in events]
    assert times == sorted(times)
    for e in events:
        assert e["kind"] == "commit" and e["did"].startswith("did:plc:")
        c = e["commit"]
        assert {"rev", "operation", "collection", "rkey"} <= set(c)
        if c["operation"] == "create":
            assert c["record"]["$type"] == c["collection"] and c["cid"].startswith("bafyrei")
    comments, bad_c = read_lines(root / "data" / "reddit" / "comments.ndjson")
    subs, bad_s = read_lines(root / "data" / "reddit" / "submissions.ndjson")
    assert all(
        {"id", "author", "body", "created_utc", "link_id", "parent_id", "subreddit"} <= set(c)
        for c in comments
    )
    assert all(
        {"id", "author", "title", "selftext", "created_utc", "subreddit"} <= set(s) for s in subs
    )
    assert bad_m + bad_b + bad_c + bad_s >= 3


def test_csv_sidecar_maps_the_canonical_fields(run: tuple[Path, dict[str, Any], float]) -> None:
    root, _, _ = run
    csv_path = root / "data" / "facebook" / "export.csv"
    sidecar = tomllib.loads(Path(str(csv_path) + ".groundswell.toml").read_text())
    assert sidecar["platform"] == "facebook"
    wanted = {
        "id",
        "text",
        "created_at",
        "author",
        "author_handle",
        "lang",
        "is_repost",
        "reply_to_id",
        "hashtags",
    }
    assert wanted <= set(sidecar["columns"])
    with csv_path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert set(sidecar["columns"].values()) <= set(header)


def test_movement_toml_names_the_call(run: tuple[Path, dict[str, Any], float]) -> None:
    root, truth, _ = run
    movement = tomllib.loads((root / "movement.toml").read_text())
    assert movement["name"] == truth["movement"] == "metoo"
    assert movement["calls_to_action"][0]["id"] == truth["call_to_action"]["id"]
    assert "window" not in movement  # early uses count too


def test_identity_links_and_dependent_lists(tmp_path: Path) -> None:
    def odds_ratio(root: Path) -> float:
        truth = json.loads((root / "truth.json").read_text())
        hidden = truth["hidden_population"]
        member: dict[str, set[str]] = {}
        with (root / "identity_links.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if int(row["person"][1:]) < hidden:
                    member.setdefault(row["platform"], set()).add(row["person"])
        tw, fb = member["twitter"], member["facebook"]
        everyone = {f"p{i:07d}" for i in range(hidden)}
        a, b = len(tw & fb), len(tw - fb)
        c, d = len(fb - tw), len(everyone - tw - fb)
        return (a * d) / max(b * c, 1)

    simulate(tmp_path / "ind", posts=20_000, seed=5)
    simulate(tmp_path / "dep", posts=20_000, seed=5, dependent_lists=True)
    assert 0.8 < odds_ratio(tmp_path / "ind") < 1.25
    assert odds_ratio(tmp_path / "dep") > 1.5


def test_movement_toml_loads_with_the_movements_schema(
    run: tuple[Path, dict[str, Any], float],
) -> None:
    from groundswell.movements import load_movement

    root, truth, _ = run
    movement = load_movement(root / "movement.toml")
    assert movement.call_ids("twitter") == {truth["call_to_action"]["id"]}
    assert {"metoo", "yotambien", "balancetonporc", "moiaussi", "quellavoltache"} <= set(
        movement.variant_keys()
    )


def test_bad_arguments_raise_groundswell_errors(tmp_path: Path) -> None:
    from groundswell.errors import GroundswellError

    with pytest.raises(GroundswellError, match="at least 200"):
        simulate(tmp_path, posts=50)
    with pytest.raises(GroundswellError, match="no movement"):
        simulate(tmp_path, posts=500, movement="nosuch")
