"""Instagram importer on the real scraped #metoo posts (read in place) and a GraphQL-shaped node."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from groundswell.model import Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.instagram import FORMAT
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer

PLAIN = ParseContext(Pseudonymizer(None, enabled=False))


def documents(shared_data: Path) -> list[Document]:
    path = shared_data / "platforms" / "instagram" / "metoo-scrape-2018-2019.jsonl"
    raw_lines = path.read_bytes().splitlines()
    return [
        Document(orjson.loads(raw), SourceRef(path.name, n, 0), raw)
        for n, raw in enumerate(raw_lines, 1)
    ]


def posts_of(docs: list[Document], context: ParseContext = PLAIN) -> list[Post]:
    return [p for d in docs for p in FORMAT.parse(d, context) if isinstance(p, Post)]


def test_every_scraped_post_parses_with_its_own_fields(shared_data: Path) -> None:
    docs = documents(shared_data)
    assert FORMAT.sniff(docs[:5])
    posts = posts_of(docs)
    assert len(posts) == len(docs) == 50
    for post, doc in zip(posts, docs, strict=True):
        record: dict[str, Any] = doc.value
        assert post.id == record["id_"] and post.kind == PostKind.ORIGINAL
        assert post.created_at.utcoffset() == timedelta(0)
        assert post.created_at == datetime.fromtimestamp(record["taken_at_timestamp"], UTC)
        assert post.author == record["owner_id"] and post.author_handle == record["owner_username"]
        assert post.engagement.likes == record["likes_count"]
        assert post.engagement.replies == record["comment_count"]
        assert post.engagement.reposts is None
        assert post.text == record["caption"]
        assert list(post.mentions) == record["tagged_user"]


def test_hashtags_come_from_the_caption(shared_data: Path) -> None:
    docs = documents(shared_data)
    for post, doc in zip(posts_of(docs), docs, strict=True):
        caption = doc.value["caption"]
        for tag in post.hashtags:
            assert f"#{tag}" in caption
        if re.search(r"#metoo(?![\w])", caption, re.IGNORECASE):
            assert "metoo" in post.hashtags_norm


def test_no_plain_owner_or_tagged_user_with_pseudonyms(shared_data: Path) -> None:
    docs = documents(shared_data)
    context = ParseContext(Pseudonymizer(KeyRing.from_secret(bytes(32), Path("k"))))
    for post, doc in zip(posts_of(docs, context), docs, strict=True):
        record = doc.value
        plain = {record["owner_id"], record["owner_username"], *record["tagged_user"]}
        assert not plain.intersection([post.author, post.author_handle, *post.mentions])
        for user in record["tagged_user"]:
            assert not re.search(rf"@{re.escape(user)}(?![\w.])", post.text or "")


def test_a_graphql_media_node() -> None:
    node = {
        "id": "2000000000000000001",
        "shortcode": "Bxyz123",
        "taken_at_timestamp": 1556668800,
        "owner": {"id": "123456", "username": "invented.user"},
        "edge_media_to_caption": {"edges": [{"node": {"text": "Nie wieder. #MeToo #Aufschrei"}}]},
        "edge_liked_by": {"count": 17},
        "edge_media_to_comment": {"count": 2},
    }
    doc = Document(node, SourceRef("node.json", None, 0), orjson.dumps(node))
    assert FORMAT.sniff([doc])
    (post,) = posts_of([doc])
    assert post.id == node["id"] and post.author == "123456"
    assert post.hashtags == ("MeToo", "Aufschrei")
    assert (post.engagement.likes, post.engagement.replies) == (17, 2)
