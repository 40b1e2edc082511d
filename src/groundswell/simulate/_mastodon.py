"""Write simulated toots as Mastodon REST API Status entities, one a line, and a deletions list."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import orjson
from numpy.typing import NDArray

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._accounts import INSTANCES, NAMES
from groundswell.simulate._arrays import Strs, distinct, strs
from groundswell.simulate._common import Context, Output, by_key, iso_times, write_lines
from groundswell.simulate._config import MASTODON, REPLY, REPOST
from groundswell.simulate._ids import decimal_strings, mastodon_ids
from groundswell.simulate._templates import LANGS

__all__ = ["write_mastodon"]

I64 = NDArray[np.int64]
_NAME_JSON = strs([orjson.dumps(name).decode() for name in NAMES])
_HOST = strs([f"https://{i}/" for i in INSTANCES])
_ACCT = strs(["" if i == "mastodon.social" else f"@{i}" for i in INSTANCES])
"""What follows the username in ``acct``: the instance, unless it is the home one."""


def _content(text: str, tags: tuple[tuple[str, int, int, int, int], ...], instance: str) -> str:
    """Mastodon's HTML for a plain text: paragraphs, hashtags as ``mention hashtag`` links."""
    out, last = [], 0
    for tag, start, end, _, _ in tags:
        out.append(html.escape(text[last:start], quote=False))
        href = f"https://{instance}/tags/{tag.lower()}"
        out.append(
            f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{html.escape(tag)}</span></a>'
        )
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "<p>" + "".join(out) + "</p>"


def _uris(ctx: Context) -> tuple[I64, list[str], Strs]:
    """The platform's posts in time order, their instance-local ids and their URIs."""
    w, acc = ctx.world, ctx.accounts[MASTODON]
    sel = ctx.select(MASTODON)
    local = decimal_strings(mastodon_ids(w.t[sel], sel))
    account = w.account[sel]
    prefix = _HOST[acc.instance[account]] + "users/" + acc.handle[account]
    suffix = np.where(w.kind[sel] == REPOST, "/activity", "").astype(object)
    uris: Strs = prefix + "/statuses/" + strs(local) + suffix
    return sel, local, uris


def write_mastodon(ctx: Context, out: Path) -> Output:
    """Write ``mastodon/statuses.jsonl`` (time order) and ``mastodon/deletions.txt`` (status URIs).

    The posts' ids are their URIs.
    """
    w, acc = ctx.world, ctx.accounts[MASTODON]
    sel, local, uris = _uris(ctx)
    n = len(sel)
    account, kind, ppos = w.account[sel], w.kind[sel], ctx.positions(sel)
    inst, handle, nid = acc.instance, acc.handle, acc.native_id
    accounts = _accounts(ctx, distinct(account))[account]
    ids = strs(local)
    columns = (
        ids,
        strs(iso_times(w.t[sel])),
        uris,
        ctx.replies[sel],
        ctx.reposts[sel],
        ctx.likes[sel],
    )

    def common(on: I64) -> list[list[str] | list[int]]:
        """Id, time, URI and counts (replies, reblogs, favourites) of the statuses ``on``."""
        return [c[on].tolist() for c in columns]

    own = np.flatnonzero(kind != REPOST)
    body = by_key(w.text[sel][own] * len(INSTANCES) + inst[account[own]], lambda k: _body(ctx, k))
    reply = np.full(len(own), '"in_reply_to_id":null,"in_reply_to_account_id":null,', dtype=object)
    to = np.flatnonzero((kind[own] == REPLY) & (ppos[own] >= 0))
    reply[to] = [
        f'"in_reply_to_id":"{i}","in_reply_to_account_id":"{a}",'
        for i, a in zip(
            ids[ppos[own[to]]].tolist(), nid[account[ppos[own[to]]]].tolist(), strict=True
        )
    ]
    own_url = _HOST[inst[account[own]]] + "@" + handle[account[own]] + "/" + ids[own]
    lang = strs(LANGS)[w.lang[sel][own]]
    rows = np.empty(n, dtype=object)
    rows[own] = [
        f'{{"id":"{i}","created_at":"{c}","sensitive":false,"spoiler_text":"","visibility":"public",'
        f'"uri":"{u}","url":"{url}",{r}"language":"{lg}","replies_count":{nr},"reblogs_count":{nb},'
        f'"favourites_count":{nf},"edited_at":null,{b},"reblog":null,"account":{a},'
        f'"media_attachments":[],"mentions":[],"emojis":[],"card":null,"poll":null}}'
        for i, c, u, nr, nb, nf, url, r, lg, b, a in zip(
            *common(own),
            own_url.tolist(),
            reply.tolist(),
            lang.tolist(),
            body.tolist(),
            accounts[own].tolist(),
            strict=True,
        )
    ]
    boosts = np.flatnonzero(kind == REPOST)
    rows[boosts] = [
        f'{{"id":"{i}","created_at":"{c}","sensitive":false,"spoiler_text":"","visibility":"public",'
        f'"uri":"{u}","url":null,"in_reply_to_id":null,"in_reply_to_account_id":null,'
        f'"language":null,"replies_count":{nr},"reblogs_count":{nb},"favourites_count":{nf},'
        f'"edited_at":null,"content":"","reblog":{s},"account":{a},"media_attachments":[],'
        f'"mentions":[],"tags":[],"emojis":[],"card":null,"poll":null}}'
        for i, c, u, nr, nb, nf, s, a in zip(
            *common(boosts), rows[ppos[boosts]].tolist(), accounts[boosts].tolist(), strict=True
        )
    ]
    written = write_lines(out / "mastodon" / "statuses.jsonl", rows.tolist(), w.malformed[sel])
    gone = np.flatnonzero(w.deleted[sel])
    (out / "mastodon" / "deletions.txt").write_text(
        "".join(u + "\n" for u in uris[gone].tolist()), encoding="utf-8"
    )
    files = {"data/mastodon/statuses.jsonl": written, "data/mastodon/deletions.txt": len(gone)}
    return Output(sel=sel, ids=arrow.strings(uris), files=files)


def _accounts(ctx: Context, needed: I64) -> Strs:
    """The Account entities of the ``needed`` local accounts, indexed by account."""
    acc = ctx.accounts[MASTODON]
    inst = acc.instance[needed]
    columns = zip(
        acc.native_id[needed].tolist(), acc.handle[needed].tolist(),
        _ACCT[inst].tolist(), _NAME_JSON[acc.name_code[needed]].tolist(),
        acc.key[needed].tolist(), _HOST[inst].tolist(), strict=True,
    )  # fmt: skip
    table = np.empty(len(acc.native_id), dtype=object)
    table[needed] = [
        f'{{"id":"{i}","username":"{h}","acct":"{h}{at}","display_name":{nm},"locked":false,'
        f'"bot":false,"url":"{url}","uri":"{host}users/{h}","emojis":[],"fields":[]}}'
        for i, h, at, nm, url, host in columns
    ]
    return table


def _body(ctx: Context, key: int) -> str:
    """``"content"`` (HTML) and ``"tags"`` of a text on an instance."""
    e, i = divmod(key, len(INSTANCES))
    entry, host = ctx.catalogue.entries[e], INSTANCES[i]
    tags = ",".join(
        orjson.dumps({"name": t.lower(), "url": f"https://{host}/tags/{t.lower()}"}).decode()
        for t, *_ in entry.tags
    )
    content = orjson.dumps(_content(entry.text, entry.tags, host)).decode()
    return f'"content":{content},"tags":[{tags}]'
