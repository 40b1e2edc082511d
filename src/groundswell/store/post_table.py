"""Posts as an Arrow table in the store's column order, with the last scrub of identities."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from groundswell.model import Post
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.store.schema import POST_COLUMNS

_LIST = pa.list_(pa.string())
_BOOLEAN = {"direct", "withheld", "deleted"}
_TYPES: dict[str, pa.DataType] = {
    "created_at": pa.timestamp("us"),
    "utc_offset_minutes": pa.int32(),
    "hashtags": _LIST,
    "hashtags_norm": _LIST,
    "mentions": _LIST,
    "links": _LIST,
    "edit_history": _LIST,
    "replies": pa.int64(),
    "reposts": pa.int64(),
    "likes": pa.int64(),
    "quotes": pa.int64(),
    "source_line": pa.int64(),
    "source_offset": pa.int64(),
    "raw": pa.binary(),
}
SCHEMA = pa.schema(
    [
        (name, _TYPES.get(name, pa.bool_() if name in _BOOLEAN else pa.string()))
        for name, _ in POST_COLUMNS
    ]
)


def posts_table(posts: list[Post], sealer: Sealer, pseudonyms: Pseudonymizer) -> pa.Table:
    """The posts as stored: the last line of privacy is here. Identities left in text, links and
    identity-bearing post ids (Bluesky DIDs, Mastodon status URLs) are pseudonymised for every
    platform, and raw payloads are sealed."""
    pid = pseudonyms.scrub_post_id
    text = pseudonyms.scrub_text
    url = pseudonyms.scrub_url

    def ids(values: list[str | None], platforms: list[str]) -> list[str | None]:
        return [None if v is None else pid(p, v) for v, p in zip(values, platforms, strict=True)]

    platforms = [p.platform for p in posts]
    columns: dict[str, list[Any]] = {
        "platform": platforms,
        "id": ids([p.id for p in posts], platforms),
        "author": [p.author for p in posts],
        "author_handle": [p.author_handle for p in posts],
        "kind": [p.kind.value for p in posts],
        # Arrow stores an aware datetime as its UTC time (which every post's already is).
        "created_at": [p.created_at for p in posts],
        "utc_offset_minutes": [p.utc_offset_minutes for p in posts],
        "text": [None if p.text is None else text(p.platform, p.text) for p in posts],
        "lang": [p.lang for p in posts],
        "reply_to_id": ids([p.reply_to_id for p in posts], platforms),
        "reply_to_author": [p.reply_to_author for p in posts],
        "quoted_id": ids([p.quoted_id for p in posts], platforms),
        "reposted_id": ids([p.reposted_id for p in posts], platforms),
        "conversation_id": ids([p.conversation_id for p in posts], platforms),
        # Arrow reads tuples as lists: no list is made per post.
        "hashtags": [p.hashtags for p in posts],
        "hashtags_norm": [p.hashtags_norm for p in posts],
        "mentions": [p.mentions for p in posts],
        "links": [[url(p.platform, link) for link in p.links] for p in posts],
        "replies": [p.engagement.replies for p in posts],
        "reposts": [p.engagement.reposts for p in posts],
        "likes": [p.engagement.likes for p in posts],
        "quotes": [p.engagement.quotes for p in posts],
        "direct": [p.direct for p in posts],
        "withheld": [p.withheld for p in posts],
        "edit_history": [[pid(p.platform, v) for v in p.edit_history] for p in posts],
        "deleted": [False] * len(posts),
        "source_file": [p.source.file for p in posts],
        "source_line": [p.source.line for p in posts],
        "source_offset": [p.source.offset for p in posts],
        "format": [p.format for p in posts],
        "raw": sealer.seal_all([p.raw for p in posts]),
    }
    return pa.Table.from_arrays(
        [pa.array(columns[f.name], type=f.type) for f in SCHEMA], schema=SCHEMA
    )
