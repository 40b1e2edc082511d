"""Match posts to a movement: by hashtag variant, by phrase in context, or by reposting a match."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from groundswell.movements.definition import CallToAction, Movement
from groundswell.movements.phrases import classify_phrase
from groundswell.text.hashtags import extract_hashtags
from groundswell.text.normalize import fold_tag

__all__ = [
    "Match",
    "MatchRule",
    "PostFields",
    "PostLike",
    "is_call_to_action",
    "match_post",
    "match_posts",
    "repair_split_hashtags",
]


class MatchRule(StrEnum):
    """The rule by which a post matched."""

    HASHTAG = "hashtag"
    """It carries a hashtag variant."""
    SPLIT_HASHTAG = "split-hashtag"
    """It carries a variant written as ``# metoo`` (text damaged by a scraper)."""
    PHRASE = "phrase"
    """It uses a phrase in a context that counts."""
    REPOST = "repost"
    """It reposts a matching post."""


@dataclass(frozen=True, slots=True)
class Match:
    """Why a post belongs to a movement.

    Attributes:
        movement: name of the movement.
        rule: the rule that matched.
        detail: which variant, phrase and context, or reposted post, e.g. ``"metoo (#MeToo)"``.
    """

    movement: str
    rule: MatchRule
    detail: str


class PostLike(Protocol):
    """The fields matching reads; ``groundswell.model.Post`` and ``PostFields`` both have them."""

    @property
    def platform(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str | None: ...
    @property
    def hashtags(self) -> Sequence[str]: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def reply_to_id(self) -> str | None: ...
    @property
    def quoted_id(self) -> str | None: ...
    @property
    def reposted_id(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PostFields:
    """A minimal post-like record for matching outside the store (tests, CSV rows).

    Attributes:
        id: post id.
        kind: ``original``, ``reply``, ``quote`` or ``repost``.
        text: the post's text.
        hashtags: hashtags as given by the platform (without ``#``); empty: extract from text.
        platform: platform name, which decides the hashtag rules used on text.
        created_at: time of posting, if known.
        reply_to_id: id of the post replied to.
        quoted_id: id of the quoted post.
        reposted_id: id of the reposted post.
        author: author key (for roles).
    """

    id: str
    kind: str = "original"
    text: str | None = None
    hashtags: tuple[str, ...] = ()
    platform: str = "twitter"
    created_at: datetime | None = None
    reply_to_id: str | None = None
    quoted_id: str | None = None
    reposted_id: str | None = None
    author: str | None = None


_SPLIT_HASHTAG_RE = re.compile(r"(^|[^\w&])([#\uff03])\s+(?=\w)")
_GLUED_LINK_RE = re.compile(r"(?<=\w)(?=https?://|pic\.twitter\.com/)")


def repair_split_hashtags(text: str) -> str:
    """Undo scraper damage around hashtags: ``"# metoo"`` → ``"#metoo"``, and a link glued to the
    tag (``"# metoohttps://…"``, ``"# metoopic.twitter.com/…"``) is split off with a space."""
    return _GLUED_LINK_RE.sub(" ", _SPLIT_HASHTAG_RE.sub(r"\1\2", text))


def is_call_to_action(
    call: CallToAction,
    *,
    platform: str,
    post_id: str,
    author_handle: str | None = None,
    created_at: datetime | None = None,
    text: str | None = None,
) -> bool:
    """Return True when a post is ``call``: by id, or by author handle, time and text pattern.

    ``author_handle`` must be in the same form as ``call.author`` (pseudonymise the call's handle
    with the store's key before comparing with stored posts).
    """
    if platform != call.platform:
        return False
    if call.id is not None:
        return post_id == call.id
    if author_handle is None or created_at is None or call.time is None or call.author is None:
        return False
    if author_handle.lstrip("@").casefold() != call.author.casefold():
        return False
    if abs((created_at - call.time).total_seconds()) > call.tolerance_minutes * 60:
        return False
    return call.text_pattern is None or (
        text is not None and re.search(call.text_pattern, text, re.IGNORECASE) is not None
    )


def _hashtag_match(definition: Movement, tags: Sequence[str], rule: MatchRule) -> Match | None:
    if not tags:
        return None  # spares hashing the variants (``variant_keys`` is cached by them)
    keys = definition.variant_keys()
    for tag in tags:
        key = fold_tag(tag)
        if key in keys:
            variant = definition.variant_for(key)
            group = f" ({'#' + variant.group})" if variant and variant.group else ""
            return Match(definition.name, rule, f"#{tag}{group}")
    return None


def match_post(
    definition: Movement,
    post: PostLike,
    *,
    call_ids: Collection[str] | None = None,
    reposted_match: Match | None = None,
    extract_when_missing: bool = True,
    split_hashtags: bool = False,
) -> Match | None:
    """Return why ``post`` belongs to the movement, or None.

    Args:
        definition: the movement.
        post: the post (a ``Post`` or any ``PostLike``).
        call_ids: ids of the calls to action on the post's platform (default: those the
            definition gives by id).
        reposted_match: for a repost, the match of the post it reposts (None: it does not match).
        extract_when_missing: when the post has no hashtags, extract them from its text.
        split_hashtags: also read ``# metoo`` as ``#metoo`` (scraper-damaged text).
    """
    if post.kind == "repost":
        if reposted_match is None:
            return None
        return Match(
            definition.name,
            MatchRule.REPOST,
            f"reposts {post.reposted_id} ({reposted_match.detail})",
        )
    tags: Sequence[str] = post.hashtags
    if not tags and extract_when_missing and post.text:
        tags = [h.tag for h in extract_hashtags(post.text, post.platform)]
    found = _hashtag_match(definition, tags, MatchRule.HASHTAG)
    if found is None and split_hashtags and post.text:
        repaired = repair_split_hashtags(post.text)
        if repaired != post.text:
            extracted = [h.tag for h in extract_hashtags(repaired, post.platform)]
            found = _hashtag_match(definition, extracted, MatchRule.SPLIT_HASHTAG)
    if found is not None:
        return found
    calls = definition.call_ids(post.platform) if call_ids is None else call_ids
    in_window = definition.in_window(post.created_at)
    for rule in definition.phrases:
        hit = classify_phrase(
            post.text,
            rule.text,
            rule.contexts,
            replies_to_call=post.reply_to_id is not None and post.reply_to_id in calls,
            quotes_call=post.quoted_id is not None and post.quoted_id in calls,
            in_window=in_window,
        )
        if hit is not None:
            return Match(definition.name, MatchRule.PHRASE, f"{hit.context}: {hit.detail}")
    return None


def match_posts(
    definition: Movement,
    posts: Iterable[PostLike],
    *,
    call_ids: Collection[str] | None = None,
    extract_when_missing: bool = True,
    split_hashtags: bool = False,
) -> dict[str, Match]:
    """Match many posts, reposts after the posts they repost; return matches by post id.

    A repost matches when the post it reposts is among ``posts`` and matches. The options are
    those of ``match_post``.
    """
    records = list(posts)
    matches: dict[str, Match] = {}
    for post in records:
        if post.kind != "repost":
            found = match_post(
                definition,
                post,
                call_ids=call_ids,
                extract_when_missing=extract_when_missing,
                split_hashtags=split_hashtags,
            )
            if found is not None:
                matches[post.id] = found
    for post in records:
        if post.kind == "repost" and post.reposted_id is not None:
            found = match_post(definition, post, reposted_match=matches.get(post.reposted_id))
            if found is not None:
                matches[post.id] = found
    return matches
