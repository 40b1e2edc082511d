"""Reddit importer on praw's real API recordings (read in place) and a hand-written Pushshift sample."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from groundswell.model import Item, Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.reddit import FORMAT
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reddit"
PLAIN = ParseContext(Pseudonymizer(None, enabled=False))
THINGS = [
    "things__TestSubmission.test_comments.jsonl",
    "things__TestSubredditListings.test_comments.jsonl",
    "things__TestSubredditStreams.test_submissions.jsonl",
]
CASSETTES = [name.replace("things__", "cassette__").replace(".jsonl", ".json") for name in THINGS]
PUSHSHIFT = ["RS_2018-10.sample.ndjson", "RC_2018-10.sample.ndjson"]


def lines(path: Path) -> list[Document]:
    raw_lines = path.read_bytes().splitlines()
    return [
        Document(orjson.loads(raw), SourceRef(path.name, n, 0), raw)
        for n, raw in enumerate(raw_lines, 1)
    ]


def listings(shared_data: Path, name: str) -> list[Document]:
    """The JSON bodies of a betamax cassette's responses that are Reddit listings."""
    cassette = orjson.loads((shared_data / "platforms" / "reddit" / name).read_bytes())
    bodies = [orjson.loads(i["response"]["body"]["string"]) for i in cassette["interactions"]]
    found = [b for b in bodies if isinstance(b, list) or b.get("kind") == "Listing"]
    return [Document(b, SourceRef(name, None, 0), orjson.dumps(b)) for b in found]


def parse_all(docs: list[Document], context: ParseContext = PLAIN) -> list[Item]:
    return [item for doc in docs for item in FORMAT.parse(doc, context)]


def things(value: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every t1/t3 thing in a payload, comment trees included, in document order."""
    if isinstance(value, list):
        return [t for v in value for t in things(v)]
    if value.get("kind") == "Listing":
        return [t for child in value["data"]["children"] for t in things(child)]
    if value.get("kind") in ("t1", "t3"):
        replies = value["data"].get("replies")
        return [
            (value["kind"], value["data"]),
            *(things(replies) if isinstance(replies, dict) else []),
        ]
    return []


def check(post: Post, kind: str, data: dict[str, Any]) -> None:
    assert post.id == data.get("name", f"{kind}_{data['id']}")
    assert post.created_at.utcoffset() == timedelta(0)
    assert post.created_at == datetime.fromtimestamp(float(data["created_utc"]), UTC)
    assert post.engagement.likes == data["score"]
    if kind == "t1":
        assert post.kind == PostKind.REPLY and post.text is not None
        assert post.reply_to_id == data["parent_id"] and post.conversation_id == data["link_id"]
        assert post.engagement.replies is None
    else:
        assert post.kind == (PostKind.REPOST if data.get("crosspost_parent") else PostKind.ORIGINAL)
        assert post.reposted_id == data.get("crosspost_parent")
        assert post.engagement.replies == data["num_comments"]
        assert post.text is not None and post.text.startswith(data["title"])
    deleted = data["author"] == "[deleted]"
    assert (post.author is None) == deleted and (post.author_handle is None) == deleted
    for tag in post.hashtags:
        assert f"#{tag}" in (data.get("body") or f"{data['title']}\n\n{data.get('selftext', '')}")


@pytest.mark.parametrize("name", THINGS)
def test_every_things_file_parses_with_the_payloads_counts(shared_data: Path, name: str) -> None:
    docs = lines(shared_data / "platforms" / "reddit" / name)
    assert FORMAT.sniff(docs[:5])
    expected = [t for doc in docs for t in things(doc.value)]
    posts = [i for i in parse_all(docs) if isinstance(i, Post)]
    assert len(posts) == len(expected)
    for post, (kind, data) in zip(posts, expected, strict=True):
        check(post, kind, data)


@pytest.mark.parametrize("name", CASSETTES)
def test_listings_from_the_recorded_api_responses(shared_data: Path, name: str) -> None:
    docs = listings(shared_data, name)
    assert docs and FORMAT.sniff(docs)
    expected = [t for doc in docs for t in things(doc.value)]
    posts = [i for i in parse_all(docs) if isinstance(i, Post)]
    assert [p.id for p in posts] == [d["name"] for _, d in expected]
    things_file = lines(
        shared_data
        / "platforms"
        / "reddit"
        / name.replace("cassette__", "things__").replace(".json", ".jsonl")
    )
    assert {p.id for p in posts} == {p.id for p in parse_all(things_file) if isinstance(p, Post)}


def test_pushshift_dump_lines() -> None:
    docs = [d for name in PUSHSHIFT for d in lines(FIXTURES / name)]
    for name in PUSHSHIFT:
        assert FORMAT.sniff(lines(FIXTURES / name))
    items = parse_all(docs)
    direct = [p for p in items if isinstance(p, Post) and p.direct]
    assert len(direct) == len(docs)
    for post, doc in zip(direct, docs, strict=True):
        check(post, "t1" if "body" in doc.value else "t3", doc.value)
    crosspost = next(d.value for d in docs if d.value.get("crosspost_parent"))
    embedded = [p for p in items if isinstance(p, Post) and not p.direct]
    assert [p.id for p in embedded] == [f"t3_{c['id']}" for c in crosspost["crosspost_parent_list"]]
    first_comment = next(p for p in direct if p.kind == PostKind.REPLY)
    assert first_comment.hashtags == ("MeToo", "BelieveSurvivors")


@pytest.mark.parametrize("name", [*THINGS, *PUSHSHIFT])
def test_no_plain_names_with_pseudonyms(shared_data: Path, name: str) -> None:
    path = FIXTURES / name if name in PUSHSHIFT else shared_data / "platforms" / "reddit" / name
    docs = lines(path)
    context = ParseContext(Pseudonymizer(KeyRing.from_secret(bytes(32), Path("k"))))
    plain = {d["author"] for _, d in (t for doc in docs for t in things(doc.value))}
    plain |= {doc.value.get("author") for doc in docs} | {
        doc.value.get("author_fullname") for doc in docs
    }
    plain -= {None, "[deleted]"}
    for post in (p for p in parse_all(docs, context) if isinstance(p, Post)):
        fields = [post.author, post.author_handle, *post.mentions]
        assert not plain.intersection(f for f in fields if f)
        for name_ in plain:
            assert not re.search(rf"\bu/{re.escape(str(name_))}\b", post.text or "")
