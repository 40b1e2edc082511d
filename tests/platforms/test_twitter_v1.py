"""Tests for the Twitter v1.1 importer against real payloads; expectations come from the payloads."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from groundswell.errors import RecordError
from groundswell.model import Deletion, NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document
from groundswell.platforms.twitter_v1 import FORMAT
from groundswell.platforms.twitter_v2 import FORMAT as V2_FORMAT
from tests.conftest import SHARED_DATA
from tests.platforms.twitter_helpers import (
    context,
    leaked,
    parse_file,
    payload_values,
    plain_identities,
)

METOO = "metoo-stream-2017-10-20.jsonl"


def _v1_files(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "platforms" / "twitter-v1").glob("*.json*"))


def _statuses(values: list[Any]) -> list[tuple[dict[str, Any], bool]]:
    """Every status in the payloads with whether it was collected directly, read independently."""
    found: list[tuple[dict[str, Any], bool]] = []

    def embedded(status: dict[str, Any]) -> None:
        for key in ("retweeted_status", "quoted_status"):
            if isinstance(status.get(key), dict):
                found.append((status[key], False))
                embedded(status[key])

    for value in values:
        tops = value if isinstance(value, list) else value.get("statuses", [value])
        for status in tops:
            if "created_at" in status:
                found.append((status, True))
                embedded(status)
    return found


def _own_hashtags(status: dict[str, Any]) -> list[str]:
    """Twitter's own entities.hashtags texts (extended_tweet.entities where truncated)."""
    if status.get("truncated") and "extended_tweet" in status:
        entities = status["extended_tweet"]["entities"]
    else:
        entities = status.get("entities", status)  # python-twitter AsDict: top-level lists
    return [tag["text"] for tag in entities.get("hashtags", [])]


def _expected_kind(status: dict[str, Any]) -> PostKind:
    if "retweeted_status" in status:
        return PostKind.REPOST
    if status.get("in_reply_to_status_id_str"):
        return PostKind.REPLY
    if status.get("is_quote_status") or status.get("quoted_status_id_str"):
        return PostKind.QUOTE
    return PostKind.ORIGINAL


@pytest.fixture(scope="module")
def metoo(shared_data: Path) -> list[Post]:
    parsed = parse_file(FORMAT, shared_data / "platforms" / "twitter-v1" / METOO)
    assert not parsed.record_errors and not parsed.unreadable
    return parsed.posts


def test_metoo_stream_counts_people_and_kinds(metoo: list[Post]) -> None:
    # Facts from ../shared/README.md: 206 statuses by 198 authors, 95 more embedded.
    assert len({p.id for p in metoo}) == 301
    direct = {p.id: p for p in metoo if p.direct}
    assert len(direct) == 206
    assert len({p.author for p in direct.values()}) == 198
    kinds = Counter(p.kind for p in direct.values())
    assert kinds == {
        PostKind.REPOST: 120,
        PostKind.ORIGINAL: 64,
        PostKind.REPLY: 11,
        PostKind.QUOTE: 11,
    }


def test_metoo_hashtags_are_twitters_own_entities(shared_data: Path, metoo: list[Post]) -> None:
    values = payload_values(shared_data / "platforms" / "twitter-v1" / METOO)
    by_id = {p.id: p for p in metoo}
    checked: Counter[PostKind] = Counter()
    for status, _ in _statuses(values):
        post = by_id[status["id_str"]]
        if "retweeted_status" in status:
            assert list(post.hashtags) == _own_hashtags(status["retweeted_status"])
            assert post.reposted_id == status["retweeted_status"]["id_str"]
            assert post.text is None
        else:
            assert list(post.hashtags) == _own_hashtags(status), status["id_str"]
        checked[post.kind] += 1
    assert checked[PostKind.ORIGINAL] and checked[PostKind.REPLY] and checked[PostKind.QUOTE]


@pytest.mark.parametrize("name", [p.name for p in _v1_files(SHARED_DATA)])
def test_every_v1_file_parses_with_payload_fields(shared_data: Path, name: str) -> None:
    path = shared_data / "platforms" / "twitter-v1" / name
    parsed = parse_file(FORMAT, path)
    assert parsed.record_errors == [] and parsed.unreadable == []
    assert FORMAT.sniff(parsed.documents[:5]) and not V2_FORMAT.sniff(parsed.documents[:5])
    by_id = {(p.id, p.direct): p for p in parsed.posts}
    statuses = _statuses([d.value for d in parsed.documents])
    assert statuses and {s["id_str"] for s, _ in statuses} == {p.id for p in parsed.posts}
    for status, direct in statuses:
        post = by_id.get((status["id_str"], direct)) or by_id[(status["id_str"], True)]
        expected_time = datetime.strptime(status["created_at"], "%a %b %d %H:%M:%S %z %Y")
        assert post.created_at == expected_time and post.created_at.tzinfo is UTC
        assert post.utc_offset_minutes == 0
        assert post.kind == _expected_kind(status)
        source = status.get("retweeted_status", status)
        assert list(post.hashtags) == _own_hashtags(source)
        if direct:  # an embedded status seen in several lines has counts of different moments
            assert post.engagement.reposts == status.get("retweet_count")
            assert post.engagement.likes == status.get("favorite_count")
            assert post.engagement.replies == status.get("reply_count")
            assert post.engagement.quotes == status.get("quote_count")
        assert post.lang == status.get("lang")
        assert post.platform == "twitter" and post.format == "twitter-v1"
        assert post.conversation_id is None


def test_extended_text_and_links_replace_truncated_ones(shared_data: Path) -> None:
    folder = shared_data / "platforms" / "twitter-v1"
    ctx = context(pseudonyms=False)
    stream = parse_file(FORMAT, folder / "streaming__streaming_extended_tweet.json", ctx).posts[0]
    status = payload_values(folder / "streaming__streaming_extended_tweet.json")[0]
    full = status["extended_tweet"]["full_text"]
    assert stream.text == full.replace("&amp;", "&")
    assert list(stream.links) == [
        u["expanded_url"] for u in status["extended_tweet"]["entities"]["urls"]
    ]

    compat = parse_file(FORMAT, folder / "3.2__extended_tweet_in_compat_mode.json", ctx).posts[0]
    extended = parse_file(FORMAT, folder / "3.2__extended_tweet_in_extended_mode.json", ctx).posts[
        0
    ]
    compat_status = payload_values(folder / "3.2__extended_tweet_in_compat_mode.json")[0]
    extended_status = payload_values(folder / "3.2__extended_tweet_in_extended_mode.json")[0]
    assert compat.id == extended.id == compat_status["id_str"]
    assert compat.text == compat_status["text"] and extended.text == extended_status["full_text"]
    # The compat "…/i/web/status/<own id>" link is truncation, not a link the author wrote.
    assert compat.links == ()


def test_no_plain_identity_in_any_post_field(shared_data: Path) -> None:
    for path in _v1_files(shared_data):
        ids, names = plain_identities(payload_values(path))
        assert ids and names
        for post in parse_file(FORMAT, path).posts:
            assert leaked(post, ids, names) == [], (path.name, post.id)


def test_raw_reparses_into_the_same_post(shared_data: Path, metoo: list[Post]) -> None:
    ctx = context()
    for post in metoo[:80]:
        doc = Document(orjson.loads(post.raw), SourceRef("raw", None, 0), post.raw)
        again = next(p for p in FORMAT.parse(doc, ctx) if isinstance(p, Post) and p.id == post.id)
        assert (
            dataclasses.replace(again, source=post.source, raw=post.raw, direct=post.direct) == post
        )


def _doc(value: Any, line: int = 1) -> Document:
    raw = orjson.dumps(value)
    return Document(value, SourceRef("stream.jsonl", line, 0), raw)


def test_stream_messages_become_deletions_and_notes() -> None:
    # Shapes as documented for the v1.1 streaming API (delete, limit, scrub_geo, warning).
    delete = {
        "delete": {
            "status": {"id": 1234, "id_str": "1234", "user_id": 3, "user_id_str": "3"},
            "timestamp_ms": "1508534724000",
        }
    }
    items = list(FORMAT.parse(_doc(delete), context()))
    assert items == [
        Deletion("twitter", "1234", "twitter-v1 delete notice", SourceRef("stream.jsonl", 1, 0))
    ]
    for message in (
        {"limit": {"track": 1234, "timestamp_ms": "1"}},
        {"scrub_geo": {"user_id": 3, "user_id_str": "3", "up_to_status_id_str": "9"}},
        {"warning": {"code": "FALLING_BEHIND", "message": "…", "percent_full": 60}},
    ):
        notes = list(FORMAT.parse(_doc(message), context()))
        assert len(notes) == 1 and isinstance(notes[0], NoPosts)
        assert next(iter(message)) in notes[0].what
    assert FORMAT.sniff([_doc(delete), _doc({"limit": {"track": 5}})])


def test_unreadable_statuses_raise_record_error(shared_data: Path) -> None:
    status = payload_values(shared_data / "platforms" / "twitter-v1" / "get_status.json")[0]
    broken = {**status, "created_at": "yesterday"}
    with pytest.raises(RecordError, match="created_at"):
        list(FORMAT.parse(_doc(broken), context()))
    with pytest.raises(RecordError):
        list(FORMAT.parse(_doc([status, {"hello": 1}]), context()))


def test_missing_counts_stay_none(shared_data: Path) -> None:
    # python-twitter's AsDict export leaves out zero counts: absent means unknown, never 0.
    path = shared_data / "platforms" / "twitter-v1" / "get_status_with_place.json"
    status = payload_values(path)[0]
    post = next(p for p in parse_file(FORMAT, path).posts if p.direct)
    assert "retweet_count" not in status and post.engagement.reposts is None
    assert post.engagement.likes is None and post.quoted_id == status["quoted_status_id_str"]


def test_withheld_statuses_are_flagged(shared_data: Path) -> None:
    # Fields as documented for v1.1 tweet objects: withheld_in_countries, withheld_copyright.
    status = payload_values(shared_data / "platforms" / "twitter-v1" / "get_status.json")[0]
    assert "withheld_in_countries" not in status
    plain = list(FORMAT.parse(_doc(status), context()))[0]
    assert isinstance(plain, Post) and not plain.withheld
    for extra in ({"withheld_in_countries": ["DE", "FR"]}, {"withheld_copyright": True}):
        post = list(FORMAT.parse(_doc({**status, **extra}), context()))[0]
        assert isinstance(post, Post) and post.withheld
