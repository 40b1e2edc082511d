"""Write simulated Bluesky posts and reposts as a Jetstream capture: commit create/delete events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._arrays import Strs, stable_order, strs
from groundswell.simulate._common import Context, Output, by_key, iso_times, write_lines
from groundswell.simulate._config import BLUESKY, DAY_MS, ORIGINAL, QUOTE, REPLY, REPOST
from groundswell.simulate._ids import random_base32, tids
from groundswell.simulate._templates import LANGS

__all__ = ["write_bluesky"]

POST, REPOST_NSID = "app.bsky.feed.post", "app.bsky.feed.repost"


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
    rkeys = strs(tids(t_us, sel))
    revs = strs(tids(t_us + rng.integers(1, 900, n), sel + 1))
    cids = strs(random_base32(rng, n, 52, "bafyrei"))
    kind = w.kind[sel]
    did = acc.key[w.account[sel]]
    collection = np.where(kind == REPOST, REPOST_NSID, POST).astype(object)
    uris: Strs = "at://" + did + "/" + collection + "/" + rkeys
    # Jetstream stamps the event when it sees the commit: a moment later, never past the day
    room = (DAY_MS - t_ms % DAY_MS) * 1000 - 1 - (t_us - t_ms * 1000)
    seen = t_us + np.maximum(np.minimum(rng.integers(40_000, 900_000, n), room), 0)
    refs = '{"cid":"' + cids + '","uri":"' + uris + '"}'  # strong refs to each post
    parent = refs[np.maximum(pos[np.maximum(w.parent[sel], 0)], 0)]
    words = by_key(np.maximum(w.text[sel], 0) * len(LANGS) + w.lang[sel], lambda k: _words(ctx, k))
    extra = np.full(n, "", dtype=object)  # what follows the text in a post record
    on = kind == REPLY
    extra[on] = ',"reply":{"parent":' + parent[on] + ',"root":' + refs[pos[w.root[sel][on]]] + "}"
    on = kind == QUOTE
    extra[on] = ',"embed":{"$type":"app.bsky.embed.record","record":' + parent[on] + "}"
    record = np.empty(n, dtype=object)
    for k in (ORIGINAL, REPLY, QUOTE, REPOST):
        on = np.flatnonzero(kind == k)
        times = iso_times(t_ms[on])
        if k == REPOST:
            record[on] = [
                f'{{"$type":"{REPOST_NSID}","createdAt":"{c}","subject":{s}}}'
                for c, s in zip(times, parent[on].tolist(), strict=True)
            ]
        else:
            record[on] = [
                f'{{"$type":"{POST}","createdAt":"{c}",{wd}{x}}}'
                for c, wd, x in zip(times, words[on].tolist(), extra[on].tolist(), strict=True)
            ]
    columns = zip(
        did.tolist(), seen.tolist(), revs.tolist(), collection.tolist(), rkeys.tolist(),
        record.tolist(), cids.tolist(), strict=True,
    )  # fmt: skip
    rows = [
        f'{{"did":"{d}","time_us":{s},"kind":"commit","commit":{{"rev":"{rv}",'
        f'"operation":"create","collection":"{co}","rkey":"{rk}","record":{rc},"cid":"{ci}"}}}}'
        for d, s, rv, co, rk, rc, ci in columns
    ]
    gone = np.flatnonzero(w.deleted[sel])
    later = seen[gone] + rng.integers(60, 60 * 86_400, len(gone)) * 1_000_000
    columns = zip(
        did[gone].tolist(), later.tolist(), tids(later, gone), collection[gone].tolist(),
        rkeys[gone].tolist(), strict=True,
    )  # fmt: skip
    rows += [
        f'{{"did":"{d}","time_us":{s},"kind":"commit","commit":{{"rev":"{rv}",'
        f'"operation":"delete","collection":"{co}","rkey":"{rk}"}}}}'
        for d, s, rv, co, rk in columns
    ]
    order = stable_order(np.concatenate([seen, later]))
    malformed = np.concatenate([w.malformed[sel], np.zeros(len(gone), dtype=np.bool_)])
    written = write_lines(
        out / "bluesky" / "jetstream.jsonl", strs(rows)[order].tolist(), malformed[order]
    )
    return Output(sel=sel, ids=arrow.strings(uris), files={"data/bluesky/jetstream.jsonl": written})


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
