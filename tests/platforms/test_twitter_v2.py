"""Tests for the Twitter v2 importer against twarc2's real payloads; expectations from the payloads."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from groundswell.errors import RecordError
from groundswell.model import Deletion, NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document
from groundswell.platforms.twitter_v1 import FORMAT as V1_FORMAT
from groundswell.platforms.twitter_v2 import FORMAT
from tests.conftest import SHARED_DATA
from tests.platforms.twitter_helpers import (
    context,
    leaked,
    parse_file,
    payload_values,
    plain_identities,
)

NO_POSTS = {
    "counts.jsonl": "tweet counts",
    "users.jsonl": "user objects",
    "lists.jsonl": "list objects",
}


def _folder(shared_data: Path) -> Path:
    return shared_data / "platforms" / "twitter-v2"


def _v2_files() -> list[str]:
    return [p.name for p in sorted(_folder(SHARED_DATA).glob("*.jsonl"))]


def _tweets(value: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """(directly collected tweets, every tweet by id) of one page or flattened line, read plainly."""
    if "data" not in value:
        refs = [r for r in value.get("referenced_tweets", []) if "text" in r]
        return [value], {t["id"]: t for t in [value, *refs]}
    data = value["data"] if isinstance(value["data"], list) else [value["data"]]
    included = value.get("includes", {}).get("tweets", [])
    return data, {t["id"]: t for t in [*included, *data]}


def _expected_kind(tweet: dict[str, Any]) -> PostKind:
    types = {r["type"] for r in tweet.get("referenced_tweets", [])}
    if "retweeted" in types:
        return PostKind.REPOST
    if "replied_to" in types:
        return PostKind.REPLY
    return PostKind.QUOTE if "quoted" in types else PostKind.ORIGINAL


def _hashtags(tweet: dict[str, Any]) -> list[str]:
    return [h["tag"] for h in tweet.get("entities", {}).get("hashtags", [])]


def test_flat_and_page_files_hold_the_same_direct_tweets(shared_data: Path) -> None:
    flat = parse_file(FORMAT, _folder(shared_data) / "flat.jsonl")
    pages = parse_file(FORMAT, _folder(shared_data) / "noflat.jsonl")
    flat_ids = {p.id for p in flat.posts if p.direct}
    assert flat_ids == {p.id for p in pages.posts if p.direct}
    assert flat_ids == {v["id"] for v in payload_values(_folder(shared_data) / "flat.jsonl")}
    assert len(flat_ids) == 100
    # Both forms read into the same posts, field for field, for the directly collected tweets.
    by_id = {p.id: p for p in pages.posts if p.direct}
    for post in flat.posts:
        if post.direct:
            same = dataclasses.replace(by_id[post.id], source=post.source, raw=post.raw)
            assert same == post


@pytest.mark.parametrize("name", _v2_files())
def test_every_v2_file_parses_with_payload_fields(shared_data: Path, name: str) -> None:
    parsed = parse_file(FORMAT, _folder(shared_data) / name)
    assert parsed.record_errors == []
    lines = [u.source.line for u in parsed.unreadable]
    assert lines == ([8] if name == "streaming_output_with_error.jsonl" else [])
    assert FORMAT.sniff(parsed.documents[:5]) and not V1_FORMAT.sniff(parsed.documents[:5])
    direct = {p.id: p for p in parsed.posts if p.direct}
    every = {p.id: p for p in parsed.posts}
    for document in parsed.documents:
        value = document.value
        if "action" in value or NO_POSTS.get(name):
            continue
        data, by_id = _tweets(value)
        assert {t["id"] for t in data} <= set(direct)
        assert set(by_id) <= set(every)
        for tweet in data:
            post = direct[tweet["id"]]
            assert post.created_at == datetime.fromisoformat(tweet["created_at"])
            assert post.created_at.tzinfo is UTC and post.utc_offset_minutes == 0
            assert post.kind == _expected_kind(tweet)
            assert post.conversation_id == tweet.get("conversation_id")
            assert post.lang == tweet.get("lang")
            metrics = tweet.get("public_metrics", {})
            assert post.engagement.likes == metrics.get("like_count")
            assert post.engagement.reposts == metrics.get("retweet_count")
            if post.kind is PostKind.REPOST:
                retweeted = next(
                    r["id"] for r in tweet["referenced_tweets"] if r["type"] == "retweeted"
                )
                assert post.text is None and post.reposted_id == retweeted
                if retweeted in by_id:
                    assert list(post.hashtags) == _hashtags(by_id[retweeted])
            else:
                assert list(post.hashtags) == _hashtags(tweet)
    if name not in NO_POSTS and "compliance" not in name:
        assert direct


@pytest.mark.parametrize("name", ["edited.jsonl", "edited_before.jsonl", "edited_after.jsonl"])
def test_edits_keep_the_latest_version_and_history(shared_data: Path, name: str) -> None:
    parsed = parse_file(FORMAT, _folder(shared_data) / name)
    (page,) = payload_values(_folder(shared_data) / name)
    history = tuple(page["data"][0]["edit_history_tweet_ids"])
    assert len(history) == 2
    posts = {p.id: p for p in parsed.posts}
    assert set(posts) == set(history)
    latest = posts[history[-1]]
    assert latest.edit_history == history and latest.id == history[-1]
    assert all(p.edit_history == history for p in posts.values())
    assert [p.id for p in parsed.posts if p.direct] == [page["data"][0]["id"]]


def test_withheld_tweets_are_flagged(shared_data: Path) -> None:
    path = _folder(shared_data) / "withheld.jsonl"
    flagged: set[str] = set()
    for value in payload_values(path):
        for tweet in _tweets(value)[1].values():
            held = tweet.get("withheld", {})
            if held.get("copyright") or held.get("country_codes"):
                flagged.add(tweet["id"])
    assert flagged
    posts = parse_file(FORMAT, path).posts
    assert {p.id for p in posts if p.withheld} == flagged


def test_compliance_lines_become_deletions(shared_data: Path) -> None:
    path = _folder(shared_data) / "tweets_compliance.jsonl"
    parsed = parse_file(FORMAT, path)
    expected = [v["id"] for v in payload_values(path) if v["action"] == "delete"]
    assert [d.post_id for d in parsed.deletions] == expected and expected
    assert all(isinstance(i, Deletion) and i.platform == "twitter" for i in parsed.items)
    users = parse_file(FORMAT, _folder(shared_data) / "users_compliance.jsonl")
    assert users.items and all(isinstance(i, NoPosts) for i in users.items)
    # The same line read as tweets compliance (an explicit option overrides the file name).
    forced = parse_file(
        FORMAT, _folder(shared_data) / "users_compliance.jsonl", context(compliance="tweets")
    )
    assert forced.deletions and not forced.notes


@pytest.mark.parametrize("name", sorted(NO_POSTS))
def test_files_without_tweets_give_notes(shared_data: Path, name: str) -> None:
    parsed = parse_file(FORMAT, _folder(shared_data) / name)
    assert parsed.posts == [] and parsed.deletions == []
    assert any(n.what == f"twarc2 {NO_POSTS[name]}" for n in parsed.notes)


def test_page_errors_are_noted_and_tweets_kept(shared_data: Path) -> None:
    path = _folder(shared_data) / "noflat.jsonl"
    (page,) = payload_values(path)
    parsed = parse_file(FORMAT, path)
    assert page["errors"] and len([p for p in parsed.posts if p.direct]) == len(page["data"])
    (note,) = parsed.notes
    assert (
        note.what.startswith("twitter-v2 errors in page") and str(len(page["errors"])) in note.what
    )


def test_no_plain_identity_in_any_post_field(shared_data: Path) -> None:
    for name in _v2_files():
        path = _folder(shared_data) / name
        ids, names = plain_identities(payload_values(path))
        for post in parse_file(FORMAT, path).posts:
            assert leaked(post, ids, names) == [], (name, post.id)


@pytest.mark.parametrize(
    "name", ["noflat.jsonl", "flat.jsonl", "withheld.jsonl", "quoted_edit.jsonl"]
)
def test_raw_reparses_into_the_same_post(shared_data: Path, name: str) -> None:
    ctx = context()
    for post in parse_file(FORMAT, _folder(shared_data) / name, ctx).posts:
        doc = Document(orjson.loads(post.raw), SourceRef("raw", 1, 0), post.raw)
        again = next(p for p in FORMAT.parse(doc, ctx) if isinstance(p, Post) and p.id == post.id)
        assert (
            dataclasses.replace(again, source=post.source, raw=post.raw, direct=post.direct) == post
        )


def test_stream_line_and_plain_response_read_like_pages(shared_data: Path) -> None:
    (page,) = payload_values(_folder(shared_data) / "two_tweets.jsonl")
    tweet = page["data"][0]
    ctx = context()
    for value in (
        {"data": tweet, "includes": page["includes"], "matching_rules": [{"id": "1"}]},
        {"data": page["data"], "includes": page["includes"]},
    ):
        doc = Document(value, SourceRef("x.jsonl", 1, 0), orjson.dumps(value))
        assert FORMAT.sniff([doc]) and not V1_FORMAT.sniff([doc])
        posts = [p for p in FORMAT.parse(doc, ctx) if isinstance(p, Post) and p.direct]
        assert posts[0].id == tweet["id"] and posts[0].kind == _expected_kind(tweet)


def test_minimal_stream_tweet_and_missing_time() -> None:
    # The v2 default fields are id, text and edit_history_tweet_ids; created_at must be asked for.
    minimal = {"data": {"id": "20", "text": "just setting up my twttr"}, "matching_rules": []}
    doc = Document(minimal, SourceRef("s.jsonl", 1, 0), orjson.dumps(minimal))
    assert FORMAT.sniff([doc]) and not V1_FORMAT.sniff([doc])
    with pytest.raises(RecordError, match="created_at"):
        list(FORMAT.parse(doc, context()))
