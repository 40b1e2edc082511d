"""Write simulated Bluesky posts and reposts as a Jetstream capture: commit create/delete events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._arrays import distinct_inverse, stable_order
from groundswell.simulate._common import Context, Output, iso_texts, write_joined
from groundswell.simulate._config import BLUESKY, DAY_MS, QUOTE, REPLY, REPOST
from groundswell.simulate._ids import random_base32_chars, tids
from groundswell.simulate._templates import LANGS

__all__ = ["write_bluesky"]

POST, REPOST_NSID = "app.bsky.feed.post", "app.bsky.feed.repost"
_COLLECTION = arrow.strings([POST, REPOST_NSID])
_RECORD_START = arrow.strings(
    [*3 * [f'{{"$type":"{POST}","createdAt":"'], f'{{"$type":"{REPOST_NSID}","createdAt":"']
)
_RECORD_TEXT = arrow.strings([*3 * ['",'], '","subject":'])
_RECORD_PARENT = arrow.strings(
    ["", ',"reply":{"parent":', ',"embed":{"$type":"app.bsky.embed.record","record":', ""]
)
_RECORD_ROOT = arrow.strings(["", ',"root":', "", ""])
_RECORD_END = arrow.strings(["}", "}}", "}}", "}"])
"""Pieces of the record of an original post, a reply, a quote and a repost, around their text
(none for a repost), parent and root (a reply's)."""


def write_bluesky(ctx: Context, out: Path) -> Output:
    """Write ``bluesky/jetstream.jsonl``: events in ``time_us`` order, deletes after their creates.

    Format: Jetstream (github.com/bluesky-social/jetstream) ``kind: "commit"`` events; records
    follow the ``app.bsky.feed.post`` / ``app.bsky.feed.repost`` lexicons; hashtag facets
    (``app.bsky.richtext.facet#tag``) index UTF-8 bytes.
    """
    w, acc, rng = ctx.world, ctx.accounts[BLUESKY], ctx.rngs[BLUESKY]
    sel = ctx.select(BLUESKY)
    n = len(sel)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    t_ms = w.t[sel]
    t_us = t_ms * 1000 + sel % 997
    rkeys = arrow.strings(tids(t_us, sel))
    revs = arrow.strings(tids(t_us + rng.integers(1, 900, n), sel + 1))
    cids = arrow.fixed_width(random_base32_chars(rng, n, 52, "bafyrei"))
    kind = w.kind[sel]
    did = acc.keys.take(arrow.ints(w.account[sel]))
    repost = arrow.ints((kind == REPOST).astype(np.int64))
    collection = _COLLECTION.take(repost)
    uris = arrow.joined("at://", did, "/", collection, "/", rkeys)
    # Jetstream stamps the event when it sees the commit: a moment later, never past the day
    room = (DAY_MS - t_ms % DAY_MS) * 1000 - 1 - (t_us - t_ms * 1000)
    seen = t_us + np.maximum(np.minimum(rng.integers(40_000, 900_000, n), room), 0)
    refs = arrow.joined('{"cid":"', cids, '","uri":"', uris, '"}')  # strong refs to each post
    parent = refs.take(arrow.ints(np.maximum(pos[np.maximum(w.parent[sel], 0)], 0)))
    keys, inverse = distinct_inverse(np.maximum(w.text[sel], 0) * len(LANGS) + w.lang[sel])
    words = arrow.strings([_words(ctx, k) for k in keys.tolist()]).take(arrow.ints(inverse))
    # a post record: text, then a reply's parent and root or a quote's embed; a repost: subject
    what = np.select([kind == REPLY, kind == QUOTE, kind == REPOST], [1, 2, 3], 0)
    root = refs.take(arrow.ints(pos[w.root[sel]] % max(n, 1)))  # -1 (none) reads the last
    on = arrow.ints(what)
    record = arrow.joined(
        _RECORD_START.take(on), iso_texts(t_ms), _RECORD_TEXT.take(on),
        arrow.where(what < 3, words), _RECORD_PARENT.take(on), arrow.where(what > 0, parent),
        _RECORD_ROOT.take(on), arrow.where(what == 1, root), _RECORD_END.take(on),
    )  # fmt: skip
    created = arrow.joined(
        '{"did":"', did, '","time_us":', arrow.decimals(seen), ',"kind":"commit","commit":{"rev":"',
        revs, '","operation":"create","collection":"', collection, '","rkey":"', rkeys,
        '","record":', record, ',"cid":"', cids, '"}}\n',
    )  # fmt: skip
    gone = np.flatnonzero(w.deleted[sel])
    later = seen[gone] + rng.integers(60, 60 * 86_400, len(gone)) * 1_000_000
    at = arrow.ints(gone)
    deleted = arrow.joined(
        '{"did":"', did.take(at), '","time_us":', arrow.decimals(later),
        ',"kind":"commit","commit":{"rev":"', arrow.strings(tids(later, gone)),
        '","operation":"delete","collection":"', collection.take(at), '","rkey":"', rkeys.take(at),
        '"}}\n',
    )  # fmt: skip
    order = stable_order(np.concatenate([seen, later]))
    malformed = np.concatenate([w.malformed[sel], np.zeros(len(gone), dtype=np.bool_)])
    events = pa.concat_arrays([created, deleted])
    written = write_joined(
        out / "bluesky" / "jetstream.jsonl",
        len(order),
        lambda part: events.take(arrow.ints(order[part])),
        malformed[order],
    )
    return Output(sel=sel, ids=uris, files={"data/bluesky/jetstream.jsonl": written})


def _words(ctx: Context, key: int) -> str:
    """``"langs"``, ``"text"`` and hashtag ``"facets"`` of a post record (UTF-8 byte offsets)."""
    entry, lang = divmod(key, len(LANGS))
    facets = ",".join(
        f'{{"index":{{"byteStart":{bs},"byteEnd":{be}}},"features":[{{"$type":'
        f'"app.bsky.richtext.facet#tag","tag":{orjson.dumps(t).decode()}}}]}}'
        for t, _, _, bs, be in ctx.catalogue.entries[entry].tags
    )
    tail = f',"facets":[{facets}]' if facets else ""
    return f'"langs":["{LANGS[lang]}"],"text":{ctx.text_json[entry]}{tail}'
