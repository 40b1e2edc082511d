"""The canonical post: one frozen record shape for every platform."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache

from groundswell.model.items import SourceRef


class PostKind(StrEnum):
    """What a post is relative to others."""

    ORIGINAL = "original"
    REPLY = "reply"
    QUOTE = "quote"
    REPOST = "repost"


@lru_cache(maxsize=100_000)
def normalize_hashtag(tag: str) -> str:
    """Return the comparison form of a hashtag: without ``#``, NFKC-normalised and case-folded."""
    return unicodedata.normalize("NFKC", tag.lstrip("#＃")).casefold()


@dataclass(frozen=True, slots=True)
class Engagement:
    """Counts the platform reported; each is None when the platform did not give it (never 0).

    Attributes:
        replies: number of replies.
        reposts: retweets, boosts, reposts, crossposts.
        likes: likes, favourites, upvotes (Reddit: score).
        quotes: quote posts.
    """

    replies: int | None = None
    reposts: int | None = None
    likes: int | None = None
    quotes: int | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """One post, normalised. Identity fields are already pseudonyms when the store receives it.

    Attributes:
        platform: ``twitter``, ``mastodon``, ``bluesky``, ``reddit``, ``instagram`` or a CSV's name.
        id: the platform's id for the post (Mastodon: the status URI; Bluesky: the at:// URI).
        author: pseudonym of the account id (of the handle when no id is given); None if unknown.
        kind: original, reply, quote or repost.
        created_at: time of posting, timezone-aware UTC.
        text: full text as plain text (None for a repost without own words, or when deleted).
        source: file and line/offset the record was read from.
        format: name of the importer that read it, e.g. ``twitter-v2``.
        raw: the post's own payload as JSON bytes, for re-normalisation (the store compresses and
            encrypts it).
        author_handle: pseudonym of the author's handle, when given.
        utc_offset_minutes: the offset of the original timestamp from UTC, where the input gave one.
        lang: language code as the platform gave it; None when absent.
        reply_to_id: id of the post replied to.
        reply_to_author: pseudonym of the account replied to.
        quoted_id: id of the quoted post.
        reposted_id: id of the reposted post.
        conversation_id: id of the conversation root or thread root, where given.
        hashtags: hashtags as written, without ``#``, in order of appearance.
        mentions: pseudonyms of the accounts mentioned.
        links: expanded URLs where given, else as written.
        engagement: platform-reported counts.
        direct: True when collected directly, False when only found embedded in another record.
        withheld: True when the platform flagged the content as withheld somewhere.
        edit_history: ids of all versions, oldest first (empty when never edited or unknown).
        hashtags_norm: the normalised hashtags (derived, see ``normalize_hashtag``).
    """

    platform: str
    id: str
    author: str | None
    kind: PostKind
    created_at: datetime
    text: str | None
    source: SourceRef
    format: str
    raw: bytes = b""
    author_handle: str | None = None
    utc_offset_minutes: int | None = None
    lang: str | None = None
    reply_to_id: str | None = None
    reply_to_author: str | None = None
    quoted_id: str | None = None
    reposted_id: str | None = None
    conversation_id: str | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    engagement: Engagement = field(default_factory=Engagement)
    direct: bool = True
    withheld: bool = False
    edit_history: tuple[str, ...] = ()
    hashtags_norm: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError(f"post {self.platform}:{self.id}: created_at must be timezone-aware")
        if self.created_at.utcoffset():
            object.__setattr__(self, "created_at", self.created_at.astimezone(UTC))
        object.__setattr__(
            self, "hashtags_norm", tuple(normalize_hashtag(t) for t in self.hashtags)
        )
