"""Mastodon importer on the real rtoot API recordings (read in place) and hand-made variants."""

from __future__ import annotations

import copy
import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest

from groundswell.model import NoPosts, Post, PostKind, SourceRef, normalize_hashtag
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.mastodon import FORMAT
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.text.html_text import html_to_text

PLAIN = ParseContext(Pseudonymizer(None, enabled=False))
NAMES = [
    "get_account_statuses_default",
    "get_context_default",
    "get_status_default",
    "get_timeline_hashtag_default",
    "get_timeline_hashtag_instance",
    "get_timeline_public_default",
]


def pseudonymous() -> ParseContext:
    return ParseContext(Pseudonymizer(KeyRing.from_secret(bytes(32), Path("k"))))


def document(value: Any, name: str = "test.json") -> Document:
    raw = orjson.dumps(value)
    return Document(value, SourceRef(name, None, 0), raw)


def load(shared_data: Path, name: str) -> Any:
    return orjson.loads((shared_data / "platforms" / "mastodon" / f"{name}.body.json").read_bytes())


def statuses(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return value
    if "ancestors" in value:
        return [*value["ancestors"], *value["descendants"]]
    return [value]


def posts_of(value: Any, context: ParseContext = PLAIN) -> list[Post]:
    return [i for i in FORMAT.parse(document(value), context) if isinstance(i, Post)]


@pytest.mark.parametrize("name", NAMES)
def test_every_shared_file_sniffs_and_parses(shared_data: Path, name: str) -> None:
    value = load(shared_data, name)
    assert FORMAT.sniff([document(value)])
    posts = posts_of(value)
    payload = statuses(value)
    assert len(posts) == len(payload)
    assert [p.id for p in posts] == [s["uri"] for s in payload]
    for post, status in zip(posts, payload, strict=True):
        assert post.platform == "mastodon" and post.format == "mastodon" and post.direct
        assert post.created_at.utcoffset() == timedelta(0)
        assert post.created_at == datetime.fromisoformat(status["created_at"]).astimezone(UTC)
        expected_kind = PostKind.REPLY if status["in_reply_to_id"] else PostKind.ORIGINAL
        assert post.kind == expected_kind
        assert post.lang == status["language"]
        assert post.engagement.replies == status["replies_count"]
        assert post.engagement.reposts == status["reblogs_count"]
        assert post.engagement.likes == status["favourites_count"]
        assert orjson.loads(post.raw) == status


@pytest.mark.parametrize("name", NAMES)
def test_hashtags_are_the_tags_in_the_form_written(shared_data: Path, name: str) -> None:
    for post, status in zip(
        posts_of(load(shared_data, name)), statuses(load(shared_data, name)), strict=True
    ):
        assert set(post.hashtags_norm) == {normalize_hashtag(t["name"]) for t in status["tags"]}
        shown = html.unescape(re.sub(r"<[^>]+>", "", status["content"]))
        for tag in post.hashtags:
            assert f"#{tag}" in shown


def test_as_written_case_wins_over_lowercased_tag_name(shared_data: Path) -> None:
    value = load(shared_data, "get_context_default")
    status = next(
        s for s in statuses(value) if s["tags"] and "#<span>SupportMastodon<" in s["content"]
    )
    assert "supportmastodon" in [t["name"] for t in status["tags"]]
    post = next(p for p in posts_of(value) if p.id == status["uri"])
    assert "SupportMastodon" in post.hashtags


def test_replies_point_at_uris_inside_the_document_else_at_local_ids(shared_data: Path) -> None:
    value = load(shared_data, "get_context_default")
    payload = statuses(value)
    by_id = {s["id"]: s for s in payload}
    instance = urlsplit(
        next(s for s in payload if "@" not in s["account"]["acct"])["account"]["url"]
    ).hostname
    missing = {s["in_reply_to_id"] for s in payload} - set(by_id)
    assert len(missing) == 1  # the context's focus status, which the response leaves out
    focus = f"local:{instance}:{missing.pop()}"
    for post, status in zip(posts_of(value), payload, strict=True):
        parent = by_id.get(status["in_reply_to_id"])
        assert post.reply_to_id == (parent["uri"] if parent else focus)
        assert post.conversation_id == focus
        if parent:
            assert post.reply_to_author == parent["account"]["url"]


def test_statuses_seen_from_two_instances_are_the_same_posts(shared_data: Path) -> None:
    one = posts_of(load(shared_data, "get_timeline_hashtag_default"))
    other = posts_of(load(shared_data, "get_timeline_hashtag_instance"))
    ids_one = [s["id"] for s in statuses(load(shared_data, "get_timeline_hashtag_default"))]
    ids_other = [s["id"] for s in statuses(load(shared_data, "get_timeline_hashtag_instance"))]
    assert set(ids_one).isdisjoint(ids_other)  # instance-local ids differ ...
    assert [p.id for p in one] == [p.id for p in other]  # ... the posts do not
    context = pseudonymous()
    raw_one = statuses(load(shared_data, "get_timeline_hashtag_default"))
    raw_other = statuses(load(shared_data, "get_timeline_hashtag_instance"))
    pairs = zip(
        posts_of(raw_one, context), posts_of(raw_other, context), raw_one, raw_other, strict=True
    )
    for a, b, status_a, status_b in pairs:
        assert (a.author_handle, a.mentions, a.text) == (b.author_handle, b.mentions, b.text)
        # The account key is the account url; a bridged account's url differs between instances
        # (bsky.brid.gy), so the authors agree exactly where the two payloads' urls agree.
        same_url = status_a["account"]["url"] == status_b["account"]["url"]
        assert (a.author == b.author) == same_url


def test_one_status_from_two_instances_built_by_hand(shared_data: Path) -> None:
    home = load(shared_data, "get_status_default")
    away = copy.deepcopy(home)
    away["id"] = "110000000000000001"
    away["url"] = home["url"]  # remote statuses keep the origin url; the local id changes
    away["account"]["id"] = "109999999999999999"
    away["account"]["acct"] = (
        f"{home['account']['acct']}@{urlsplit(home['account']['url']).hostname}"
    )
    for mention in away["mentions"]:
        mention["id"] = "1"
        if "@" not in mention["acct"]:
            mention["acct"] = f"{mention['acct']}@{urlsplit(mention['url']).hostname}"
    context = pseudonymous()
    (a,), (b,) = posts_of(home, context), posts_of(away, context)
    assert a.id == b.id == home["uri"]
    assert (a.author, a.author_handle, a.mentions, a.text) == (
        b.author,
        b.author_handle,
        b.mentions,
        b.text,
    )


def test_a_boost_is_a_repost_and_the_boosted_status_an_embedded_post(shared_data: Path) -> None:
    inner = load(shared_data, "get_status_default")
    booster = {
        **inner["account"],
        "id": "42",
        "acct": "booster",
        "url": "https://fosstodon.org/@booster",
    }
    outer = {
        **inner,
        "id": "114700000000000000",
        "uri": "https://fosstodon.org/users/booster/statuses/1/activity",
        "url": None,
        "account": booster,
        "reblog": inner,
        "content": "",
        "tags": [],
        "mentions": [],
        "created_at": "2025-06-04T08:00:00.000Z",
    }
    posts = {p.id: p for p in posts_of([outer])}
    boost, boosted = posts[outer["uri"]], posts[inner["uri"]]
    assert boost.kind == PostKind.REPOST and boost.text is None and boost.direct
    assert boost.reposted_id == inner["uri"] and boost.author == booster["url"]
    assert not boosted.direct and boosted.author == inner["account"]["url"]


def test_content_warning_comes_first_and_edits_leave_a_note(shared_data: Path) -> None:
    status = {**load(shared_data, "get_status_default"), "spoiler_text": "CW: assault"}
    status["edited_at"] = "2025-06-03T17:00:00.000Z"
    items = list(FORMAT.parse(document(status), PLAIN))
    post = next(i for i in items if isinstance(i, Post))
    assert post.text is not None and post.text.startswith("CW: assault\n\nSuper grateful")
    assert any(isinstance(i, NoPosts) and status["uri"] in i.what for i in items)


@pytest.mark.parametrize("name", NAMES)
def test_no_plain_account_or_handle_with_pseudonyms(shared_data: Path, name: str) -> None:
    payload = statuses(load(shared_data, name))
    plain: set[str] = set()
    for status in payload:
        account = status["account"]
        plain |= {account["url"], account["acct"], account["username"], account["id"]}
        for mention in status["mentions"]:
            plain |= {mention["url"], mention["acct"], mention["username"], mention["id"]}
    for post, status in zip(
        posts_of(load(shared_data, name), pseudonymous()), payload, strict=True
    ):
        fields = [post.author, post.author_handle, post.reply_to_author, *post.mentions]
        assert not plain.intersection(f for f in fields if f)
        for mention in status["mentions"]:
            assert not re.search(rf"@{re.escape(mention['username'])}\b", post.text or "")


def test_html_to_text_paragraphs_breaks_links_entities() -> None:
    got = html_to_text(
        '<p>a &amp; b<br>c</p><p><a href="https://x.org/long">x.org/<span class="invisible">long</span></a></p>'
    )
    assert got.text == "a & b\nc\n\nx.org/long"
    assert [(a.href, a.text) for a in got.anchors] == [("https://x.org/long", "x.org/long")]
