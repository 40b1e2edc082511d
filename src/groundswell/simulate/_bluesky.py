"""Write simulated Bluesky posts and reposts as a Jetstream capture: commit create/delete events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate._common import Context, Output, iso_ms, truncate
from groundswell.simulate._config import BLUESKY, DAY_MS, QUOTE, REPLY, REPOST
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
    w, acc, rng = ctx.world, ctx.accounts, ctx.rng
    sel = ctx.select(BLUESKY)
    n = len(sel)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(n)
    t_ms = w.t[sel]
    t_us = t_ms * 1000 + sel % 997
    rkeys = tids(t_us, sel)
    revs = tids(t_us + rng.integers(1, 900, n), sel + 1)
    cids = random_base32(rng, n, 52, "bafyrei")
    did = acc.key[BLUESKY]
    account = w.account[sel].tolist()
    kind = w.kind[sel].tolist()
    uris = [
        f"at://{did[a]}/{REPOST_NSID if k == REPOST else POST}/{r}"
        for a, k, r in zip(account, kind, rkeys, strict=True)
    ]
    iso = iso_ms(t_ms)
    # Jetstream stamps the event when it sees the commit: a moment later, never past the day
    room = (DAY_MS - t_ms % DAY_MS) * 1000 - 1 - (t_us - t_ms * 1000)
    lag = np.minimum(rng.integers(40_000, 900_000, n), room)
    seen = (t_us + np.maximum(lag, 0)).tolist()
    parent_pos = np.where(w.parent[sel] >= 0, pos[np.maximum(w.parent[sel], 0)], -1).tolist()
    root_pos = pos[w.root[sel]].tolist()
    text = w.text[sel].tolist()
    lang = [LANGS[x] for x in w.lang[sel].tolist()]
    entries = ctx.catalogue.entries
    facet_cache: dict[int, str] = {}

    def ref(j: int) -> str:
        return f'{{"cid":"{cids[j]}","uri":"{uris[j]}"}}'

    def facets(e: int) -> str:
        got = facet_cache.get(e)
        if got is None:
            items = [
                f'{{"index":{{"byteStart":{bs},"byteEnd":{be}}},"features":[{{"$type":'
                f'"app.bsky.richtext.facet#tag","tag":{orjson.dumps(t).decode()}}}]}}'
                for t, _, _, bs, be in entries[e].tags
            ]
            got = facet_cache[e] = f',"facets":[{",".join(items)}]' if items else ""
        return got

    events: list[tuple[int, bytes]] = []
    malformed = w.malformed[sel].tolist()
    for j in range(n):
        k, pj = kind[j], parent_pos[j]
        if k == REPOST:
            coll = REPOST_NSID
            record = f'{{"$type":"{REPOST_NSID}","createdAt":"{iso[j]}Z","subject":{ref(pj)}}}'
        else:
            coll = POST
            e = text[j]
            extra = facets(e)
            if k == REPLY:
                extra += f',"reply":{{"parent":{ref(pj)},"root":{ref(root_pos[j])}}}'
            elif k == QUOTE:
                extra += f',"embed":{{"$type":"app.bsky.embed.record","record":{ref(pj)}}}'
            record = (
                f'{{"$type":"{POST}","createdAt":"{iso[j]}Z","langs":["{lang[j]}"],'
                f'"text":{ctx.text_json[e]}{extra}}}'
            )
        line = (
            f'{{"did":"{did[account[j]]}","time_us":{seen[j]},"kind":"commit","commit":{{'
            f'"rev":"{revs[j]}","operation":"create","collection":"{coll}","rkey":"{rkeys[j]}",'
            f'"record":{record},"cid":"{cids[j]}"}}}}'
        ).encode()
        events.append((seen[j], truncate(line) if malformed[j] else line))
    gone = np.flatnonzero(w.deleted[sel])
    later = (
        np.asarray(seen, dtype=np.int64)[gone]
        + rng.integers(60, 60 * 86_400, len(gone)) * 1_000_000
    )
    del_revs = tids(later, gone)
    for g, when, rev in zip(gone.tolist(), later.tolist(), del_revs, strict=True):
        coll = REPOST_NSID if kind[g] == REPOST else POST
        gone_line = (
            f'{{"did":"{did[account[g]]}","time_us":{when},"kind":"commit","commit":{{'
            f'"rev":"{rev}","operation":"delete","collection":"{coll}","rkey":"{rkeys[g]}"}}}}'
        )
        events.append((when, gone_line.encode()))
    events.sort(key=lambda ev: ev[0])
    (out / "bluesky").mkdir(parents=True, exist_ok=True)
    (out / "bluesky" / "jetstream.jsonl").write_bytes(b"".join(line + b"\n" for _, line in events))
    return Output(
        sel=sel, ids=uris, files={"data/bluesky/jetstream.jsonl": len(events)}, deletions=len(gone)
    )
