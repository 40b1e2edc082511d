"""Bluesky importer on hand-written Jetstream and AppView fixtures (tests/fixtures/bluesky)."""

from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from groundswell.model import Deletion, Item, NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.bluesky import FORMAT
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bluesky"
PLAIN = ParseContext(Pseudonymizer(None, enabled=False))
APPVIEW = ["getPosts.json", "searchPosts.json", "getPostThread.json"]


def documents(name: str) -> list[Document]:
    path = FIXTURES / name
    if path.suffix == ".jsonl":
        lines = path.read_bytes().splitlines()
        return [
            Document(orjson.loads(raw), SourceRef(name, n, 0), raw)
            for n, raw in enumerate(lines, 1)
        ]
    return [Document(orjson.loads(path.read_bytes()), SourceRef(name, None, 0), path.read_bytes())]


def items(name: str, context: ParseContext = PLAIN) -> list[Item]:
    return [item for doc in documents(name) for item in FORMAT.parse(doc, context)]


def events() -> list[dict[str, Any]]:
    return [d.value for d in documents("jetstream.jsonl")]


def created(record: dict[str, Any]) -> datetime:
    """createdAt to the second (one fixture has nanoseconds, which datetime cannot hold)."""
    return datetime.fromisoformat(record["createdAt"][:19] + "+00:00")


def expected_hashtags(record: dict[str, Any]) -> list[str]:
    """Tag facets in text order, as the UTF-8 byte range shows them; then outline tags."""
    text = record["text"].encode("utf-8")
    found = []
    for facet in sorted(record.get("facets", []), key=lambda f: f["index"]["byteStart"]):
        for feature in facet["features"]:
            if feature["$type"] == "app.bsky.richtext.facet#tag":
                shown = text[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode(
                    "utf-8"
                )
                assert (
                    shown.lstrip("#").casefold() == feature["tag"].casefold()
                )  # fixture is coherent
                found.append(shown.lstrip("#"))
    return found + [
        t for t in record.get("tags", []) if t.casefold() not in {f.casefold() for f in found}
    ]


@pytest.mark.parametrize("name", ["jetstream.jsonl", *APPVIEW])
def test_every_fixture_sniffs_and_parses(name: str) -> None:
    assert FORMAT.sniff(documents(name)[:5])
    assert items(name)


def test_jetstream_counts_ids_and_kinds() -> None:
    got = items("jetstream.jsonl")
    commits = [e for e in events() if e["kind"] == "commit"]
    creates = [
        e
        for e in commits
        if e["commit"]["operation"] == "create"
        and e["commit"]["collection"] in ("app.bsky.feed.post", "app.bsky.feed.repost")
    ]
    deletes = [e for e in commits if e["commit"]["operation"] == "delete"]
    posts = [i for i in got if isinstance(i, Post)]
    assert [p.id for p in posts] == [
        f"at://{e['did']}/{e['commit']['collection']}/{e['commit']['rkey']}" for e in creates
    ]
    assert [d.post_id for d in got if isinstance(d, Deletion)] == [
        f"at://{e['did']}/{e['commit']['collection']}/{e['commit']['rkey']}" for e in deletes
    ]
    assert sum(isinstance(i, NoPosts) for i in got) == len(events()) - len(creates) - len(deletes)
    for post, event in zip(posts, creates, strict=True):
        record = event["commit"]["record"]
        assert post.created_at.utcoffset() == timedelta(0)
        assert post.created_at.replace(microsecond=0) == created(record)
        if event["commit"]["collection"] == "app.bsky.feed.repost":
            assert post.kind == PostKind.REPOST and post.text is None
            assert post.reposted_id == record["subject"]["uri"]
            continue
        assert post.text == record["text"]
        assert post.lang == record["langs"][0]
        assert list(post.hashtags) == expected_hashtags(record)
        reply, embed = record.get("reply"), record.get("embed")
        quoted = embed and (embed["record"].get("record") or embed["record"])["uri"]
        assert post.reply_to_id == (reply and reply["parent"]["uri"])
        assert post.conversation_id == (reply["root"]["uri"] if reply else post.id)
        assert post.quoted_id == quoted
        assert post.kind == (
            PostKind.REPLY if reply else PostKind.QUOTE if quoted else PostKind.ORIGINAL
        )
        links = [
            f["uri"]
            for facet in record.get("facets", [])
            for f in facet["features"]
            if f["$type"] == "app.bsky.richtext.facet#link"
        ]
        assert list(post.links) == links


def test_non_ascii_byte_offsets_give_the_written_hashtags() -> None:
    by_id = {p.id: p for p in items("jetstream.jsonl") if isinstance(p, Post)}
    first = events()[0]
    post = by_id[f"at://{first['did']}/app.bsky.feed.post/{first['commit']['rkey']}"]
    # "darüber" and "💜" come before the tags: byte offsets are not character offsets here
    assert len(first["commit"]["record"]["text"].encode()) != len(first["commit"]["record"]["text"])
    assert post.hashtags == ("MeToo", "GleichberechtigungJetzt")
    japanese = next(p for p in by_id.values() if p.lang == "ja")
    assert japanese.hashtags == ("MeToo", "性暴力をなくそう")
    reply = next(p for p in by_id.values() if p.kind == PostKind.REPLY)
    assert reply.hashtags == ("MeToo",)  # as written, though the facet's tag says "metoo"


def test_a_facet_whose_bytes_do_not_show_the_tag_falls_back_to_the_tag() -> None:
    event = copy.deepcopy(events()[0])
    for facet in event["commit"]["record"]["facets"]:
        facet["index"]["byteStart"] -= 2  # off by the two extra bytes of "ü"
    doc = Document(event, SourceRef("x.jsonl", 1, 0), orjson.dumps(event))
    (post,) = FORMAT.parse(doc, PLAIN)
    assert isinstance(post, Post) and post.hashtags == ("MeToo", "GleichberechtigungJetzt")


@pytest.mark.parametrize("name", APPVIEW)
def test_appview_posts_match_their_views(name: str) -> None:
    value = documents(name)[0].value
    views: list[dict[str, Any]] = []
    if "posts" in value:
        views = value["posts"]
    else:
        node = value["thread"]
        parent = node.get("parent")
        while parent:
            views.append(parent["post"])
            parent = parent.get("parent")
        stack = [node]
        while stack:
            current = stack.pop()
            if "post" in current:
                views.append(current["post"])
            stack.extend(reversed(current.get("replies", [])))
    posts = {p.id: p for p in items(name) if isinstance(p, Post)}
    assert [p.id for p in posts.values() if p.direct] == [v["uri"] for v in views]
    if "hitsTotal" in value:
        assert len(posts) == value["hitsTotal"]
    for view in views:
        post = posts[view["uri"]]
        assert post.author == view["author"]["did"]
        assert post.author_handle == view["author"]["handle"]
        assert post.engagement.likes == view["likeCount"]
        assert post.engagement.replies == view["replyCount"]
        assert post.engagement.reposts == view["repostCount"]
        assert post.engagement.quotes == view["quoteCount"]
        assert post.created_at.replace(microsecond=0) == created(view["record"])
        assert list(post.hashtags) == expected_hashtags(view["record"])


def test_a_quoted_post_only_shown_embedded_is_not_direct() -> None:
    value = documents("getPosts.json")[0].value
    quoting = next(v for v in value["posts"] if "embed" in v)
    only = {**value, "posts": [quoting]}
    doc = Document(only, SourceRef("x.json", None, 0), orjson.dumps(only))
    posts = {p.id: p for p in FORMAT.parse(doc, PLAIN) if isinstance(p, Post)}
    embedded = posts[quoting["embed"]["record"]["uri"]]
    assert not embedded.direct and posts[quoting["uri"]].quoted_id == embedded.id


@pytest.mark.parametrize("name", ["jetstream.jsonl", *APPVIEW])
def test_no_plain_did_or_handle_with_pseudonyms(name: str) -> None:
    context = ParseContext(Pseudonymizer(KeyRing.from_secret(bytes(32), Path("k"))))
    text = (FIXTURES / name).read_text("utf-8")
    dids = {
        word.strip('",')
        for word in text.replace("/", " ").split()
        if word.strip('",').startswith("did:plc:")
    }
    handles = set(re.findall(r'"handle": ?"([^"]+)"', text))
    if name == "jetstream.jsonl":  # Jetstream posts carry no handles; mentions are written in text
        handles = set(re.findall(r"@([a-z]+\.example\.(?:com|net|org))", text))
    assert handles
    assert dids
    for post in (i for i in items(name, context) if isinstance(i, Post)):
        fields = [post.author, post.author_handle, post.reply_to_author, *post.mentions]
        assert not (dids | handles).intersection(f for f in fields if f)
        assert not any(f"@{h}" in (post.text or "") for h in handles)
