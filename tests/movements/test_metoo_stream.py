"""The must-show fact on the real 2017-10-20 #metoo stream: posts, voices and amplifiers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from groundswell.movements import (
    PostFields,
    compute_roles,
    count_roles,
    fold_tag,
    load_movement,
    match_posts,
)


def _hashtags(status: dict[str, Any]) -> tuple[str, ...]:
    """Twitter's own hashtag entities (of the full text when the status is truncated)."""
    if "retweeted_status" in status:  # a retweet's hashtags are those of the post it reposts
        return _hashtags(status["retweeted_status"])
    holder = status.get("extended_tweet", status) if status.get("truncated") else status
    return tuple(h["text"] for h in holder["entities"]["hashtags"])


def _walk(status: dict[str, Any]) -> Iterator[PostFields]:
    """The status and, depth-first, the statuses embedded in it (retweeted, quoted)."""
    reposted, quoted = status.get("retweeted_status"), status.get("quoted_status")
    kind = "repost" if reposted else "quote" if quoted else "original"
    if kind == "original" and status.get("in_reply_to_status_id_str"):
        kind = "reply"
    yield PostFields(
        id=status["id_str"],
        kind=kind,
        hashtags=_hashtags(status),
        reposted_id=reposted["id_str"] if reposted else None,
        author=status["user"]["id_str"],
    )
    for embedded in (reposted, quoted):
        if embedded:
            yield from _walk(embedded)


def _posts(path: Path) -> tuple[dict[str, PostFields], set[str]]:
    posts: dict[str, PostFields] = {}
    direct: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        status = json.loads(line) if line.strip() else {}
        if "id_str" not in status:
            continue  # delete notices, limits
        direct.add(status["id_str"])
        for post in _walk(status):
            posts.setdefault(post.id, post)
    return posts, direct


def test_metoo_stream_counts(shared_data: Path) -> None:
    posts, direct = _posts(shared_data / "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl")
    metoo = load_movement("metoo")
    matches = match_posts(metoo, posts.values(), extract_when_missing=False)
    assert len(matches) == 273
    assert len(matches.keys() & direct) == 194

    rows = [(p.author, p.kind, p.id in matches) for p in posts.values()]
    counts = count_roles(compute_roles(rows))
    assert (counts.voices, counts.amplifiers, counts.both) == (159, 108, 2)

    # Co-occurring international spellings are recognised as variants of the movement.
    keys = metoo.variant_keys()
    for tag, directly_collected in (("balancetonporc", 7), ("yotambién", 2)):
        assert fold_tag(tag) in keys
        carrying = {i for i in direct if fold_tag(tag) in {fold_tag(t) for t in posts[i].hashtags}}
        assert len(carrying) == directly_collected
        assert carrying <= matches.keys()
    print(f"\nmatches={len(matches)} direct={len(matches.keys() & direct)} {counts}")
