"""match_post on hand-made posts: variants fold, phrases need context, reposts follow, reasons kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from groundswell.model import PostKind
from groundswell.movements import (
    CallToAction,
    MatchRule,
    PostFields,
    is_call_to_action,
    load_movement,
    match_post,
    match_posts,
    repair_split_hashtags,
)

CALL = "919659438700670976"


@pytest.fixture(scope="module")
def metoo():  # type: ignore[no-untyped-def]
    return load_movement("metoo")


@pytest.mark.parametrize(
    "text", ["#YoTambien", "#YoTambién", "#METOO", "#MeTooMovement", "#米兔 今天", "＃ｍｅｔｏｏ"]
)
def test_variants_match_folded(metoo, text: str) -> None:  # type: ignore[no-untyped-def]
    found = match_post(metoo, PostFields(id="1", text=text))
    assert found is not None and found.rule is MatchRule.HASHTAG and found.detail.startswith("#")


def test_platform_hashtags_win_over_text(metoo) -> None:  # type: ignore[no-untyped-def]
    post = PostFields(id="1", text="nothing here", hashtags=("BalanceTonPorc",))
    found = match_post(metoo, post)
    assert found is not None and found.detail == "#BalanceTonPorc (#BalanceTonPorc)"
    assert match_post(metoo, post, extract_when_missing=False) is not None
    assert match_post(metoo, PostFields(id="2", text="#metoo"), extract_when_missing=False) is None


def test_casual_me_too_never_matches(metoo) -> None:  # type: ignore[no-untyped-def]
    assert match_post(metoo, PostFields(id="1", text="pizza tonight? me too!")) is None


def test_reply_to_call_counts(metoo) -> None:  # type: ignore[no-untyped-def]
    reply = PostFields(id="1", kind="reply", text="Me too.", reply_to_id=CALL)
    found = match_post(metoo, reply)
    assert found is not None and found.rule is MatchRule.PHRASE
    assert found.detail.startswith("reply-to-call")
    elsewhere = PostFields(id="2", kind="reply", text="Me too.", reply_to_id="123")
    assert match_post(metoo, elsewhere) is None


def test_disclosure_needs_window(metoo) -> None:  # type: ignore[no-untyped-def]
    text = "me too. i was harassed at work for years"
    before = PostFields(id="1", text=text, created_at=datetime(2016, 5, 1, tzinfo=UTC))
    inside = PostFields(id="2", text=text, created_at=datetime(2017, 11, 1, tzinfo=UTC))
    assert match_post(metoo, before) is None
    found = match_post(metoo, inside)
    assert found is not None and found.detail.startswith("disclosure")


def test_split_hashtag_flag(metoo) -> None:  # type: ignore[no-untyped-def]
    post = PostFields(id="1", text="it happened at work # metoo")
    assert match_post(metoo, post) is None
    found = match_post(metoo, post, split_hashtags=True)
    assert found is not None and found.rule is MatchRule.SPLIT_HASHTAG
    assert repair_split_hashtags("# metoohttps://t.co/x") == "#metoo https://t.co/x"
    assert repair_split_hashtags("AT&# 38") == "AT&# 38"  # not after "&" (an HTML entity)


def test_reposts_follow_the_reposted_post(metoo) -> None:  # type: ignore[no-untyped-def]
    posts = [
        PostFields(id="r1", kind="repost", reposted_id="o1"),
        PostFields(id="o1", text="#MeToo"),
        PostFields(id="r2", kind="repost", reposted_id="o2"),
        PostFields(id="o2", text="lunch"),
        PostFields(id="r3", kind="repost", reposted_id="missing"),
    ]
    matches = match_posts(metoo, posts)
    assert set(matches) == {"o1", "r1"}
    assert matches["r1"].rule is MatchRule.REPOST and "o1" in matches["r1"].detail


def test_accepts_model_post(metoo) -> None:  # type: ignore[no-untyped-def]
    from groundswell.model import Post, SourceRef

    post = Post(
        platform="twitter", id="9", author="a", kind=PostKind.ORIGINAL,
        created_at=datetime(2017, 10, 20, tzinfo=UTC), text="#MoiAussi",
        source=SourceRef("f", 1, 0), format="twitter-v1", hashtags=("MoiAussi",),
    )  # fmt: skip
    found = match_post(metoo, post)
    assert found is not None and found.movement == "metoo"


def test_call_to_action_by_author_time_and_text() -> None:
    call = CallToAction(
        platform="twitter", author="someone", time=datetime(2017, 10, 15, 20, 21, tzinfo=UTC),
        text_pattern="reply .me too.",
    )  # fmt: skip
    when = datetime(2017, 10, 15, 20, 25, tzinfo=UTC)
    args = {"platform": "twitter", "post_id": "5", "created_at": when}
    assert is_call_to_action(call, author_handle="@Someone", text="please reply 'me too'", **args)  # type: ignore[arg-type]
    assert not is_call_to_action(call, author_handle="other", text="reply 'me too'", **args)  # type: ignore[arg-type]
    assert not is_call_to_action(call, author_handle="someone", text="hello", **args)  # type: ignore[arg-type]
