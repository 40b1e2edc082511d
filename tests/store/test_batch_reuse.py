"""A batch hands its held posts to the parsers, which return them instead of building an
embedded copy that could not replace them; the batch must come out exactly as if every copy
had been built."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from groundswell.model import Post, PostKind, SourceRef
from groundswell.platforms.base import Document, Format, ParseContext
from groundswell.platforms.twitter_v1 import FORMAT as V1_FORMAT
from groundswell.platforms.twitter_v2 import FORMAT as V2_FORMAT
from groundswell.sources import read_documents
from groundswell.store.batch import Batch
from tests.conftest import SHARED_DATA
from tests.platforms.twitter_helpers import context

V2 = SHARED_DATA / "platforms" / "twitter-v2"
V1 = SHARED_DATA / "platforms" / "twitter-v1"
CASES = [
    *[(V2_FORMAT, path) for path in sorted(V2.glob("*.jsonl"))],
    *[(V1_FORMAT, path) for path in sorted(V1.glob("*.json*"))],
]


def _documents(path: Path) -> Iterator[Document]:
    for entry in read_documents(path):
        if isinstance(entry, Document):
            yield entry


def _one_batch(fmt: Format, path: Path, ctx: ParseContext) -> Batch:
    batch = Batch()
    for document in _documents(path):
        batch.add_document(document, fmt, ctx)
    return batch


def _document_by_document(fmt: Format, path: Path, ctx: ParseContext) -> Batch:
    """Every copy built: each document parsed into a batch of its own (nothing held yet), the
    posts then merged in file order by the batch's own rule for two versions of a post."""
    merged = Batch()
    for document in _documents(path):
        single = Batch()
        single.add_document(document, fmt, ctx)
        for post in single.posts.values():
            merged.add_post(post)
        merged.post_count += single.post_count
        merged.direct_posts += single.direct_posts
        merged.unreadable += single.unreadable
    return merged


@pytest.mark.parametrize(("fmt", "path"), CASES, ids=[path.name for _, path in CASES])
def test_reusing_held_posts_gives_the_batch_of_building_every_copy(
    shared_data: Path, fmt: Format, path: Path
) -> None:
    ctx = context()
    reused, built = _one_batch(fmt, path, ctx), _document_by_document(fmt, path, ctx)
    assert (reused.post_count, reused.direct_posts) == (built.post_count, built.direct_posts)
    assert [u.source for u in reused.unreadable] == [u.source for u in built.unreadable]
    assert reused.posts == built.posts


def test_the_real_files_exercise_reuse(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The equality above means something only if held posts were actually returned."""
    returned: list[Post] = []
    original = ParseContext.held_instead

    def counting(self: ParseContext, platform: str, post_id: str, versions: int) -> Post | None:
        held = original(self, platform, post_id, versions)
        if held is not None:
            returned.append(held)
        return held

    monkeypatch.setattr(ParseContext, "held_instead", counting)
    for fmt, path in CASES:
        _one_batch(fmt, path, context())
    platforms = {post.platform for post in returned}
    assert len(returned) >= 5 and platforms == {"twitter"}


def _post(post_id: str, *, direct: bool, history: tuple[str, ...] = ()) -> Post:
    return Post(
        platform="twitter",
        id=post_id,
        author=None,
        kind=PostKind.ORIGINAL,
        created_at=datetime(2017, 10, 15, tzinfo=UTC),
        text="x",
        source=SourceRef("f.jsonl", 1, 0),
        format="twitter-v2",
        raw=b"{}",
        direct=direct,
        edit_history=history,
    )


@pytest.mark.parametrize(
    ("held", "versions", "returned"),
    [
        (_post("1", direct=True), 0, True),  # collected directly: no embedded copy beats it
        (_post("1", direct=True), 3, True),
        (_post("1", direct=False), 0, True),  # an equal copy keeps the first
        (_post("1", direct=False, history=("0", "1")), 2, True),
        (_post("1", direct=False, history=("0", "1")), 3, False),  # a later edit replaces it
        (_post("1", direct=False), 2, False),
    ],
)
def test_held_instead_returns_only_what_a_copy_could_not_replace(
    held: Post, versions: int, returned: bool
) -> None:
    ctx = replace(context(), held={("twitter", "1"): held})
    assert (ctx.held_instead("twitter", "1", versions) is held) is returned
    assert ctx.held_instead("twitter", "2", 0) is None
    assert ctx.held_instead("mastodon", "1", 0) is None
