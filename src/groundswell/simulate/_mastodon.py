"""Write simulated toots as Mastodon REST API Status entities, one a line, and a deletions list."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate._accounts import INSTANCES
from groundswell.simulate._common import Context, Output, iso_ms, truncate
from groundswell.simulate._config import MASTODON, REPLY, REPOST
from groundswell.simulate._ids import mastodon_ids
from groundswell.simulate._templates import LANGS

__all__ = ["write_mastodon"]


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


def write_mastodon(ctx: Context, out: Path) -> Output:
    """Write ``mastodon/statuses.jsonl`` (time order) and ``mastodon/deletions.txt`` (status URIs)."""
    w, acc = ctx.world, ctx.accounts
    sel = ctx.select(MASTODON)
    pos = np.full(len(w.t), -1, dtype=np.int64)
    pos[sel] = np.arange(len(sel))
    local = [str(v) for v in mastodon_ids(w.t[sel], sel).tolist()]
    account = w.account[sel].tolist()
    kind = w.kind[sel].tolist()
    inst = acc.instance[MASTODON].tolist()
    handle, key, nid, name = (
        acc.handle[MASTODON],
        acc.key[MASTODON],
        acc.native_id[MASTODON],
        acc.name[MASTODON],
    )
    uris = [
        f"https://{INSTANCES[inst[a]]}/users/{handle[a]}/statuses/{mid}"
        + ("/activity" if k == REPOST else "")
        for a, mid, k in zip(account, local, kind, strict=True)
    ]
    iso = iso_ms(w.t[sel])
    parent_pos = np.where(w.parent[sel] >= 0, pos[np.maximum(w.parent[sel], 0)], -1).tolist()
    text = w.text[sel].tolist()
    lang = [LANGS[x] for x in w.lang[sel].tolist()]
    counts = np.stack([ctx.replies[sel], ctx.reposts[sel], ctx.likes[sel]], 1).tolist()
    entries = ctx.catalogue.entries
    content_cache: dict[tuple[int, int], str] = {}
    acct_cache: dict[int, str] = {}

    def account_json(a: int) -> str:
        got = acct_cache.get(a)
        if got is None:
            i = INSTANCES[inst[a]]
            acct = handle[a] if i == "mastodon.social" else f"{handle[a]}@{i}"
            got = acct_cache[a] = (
                f'{{"id":"{nid[a]}","username":"{handle[a]}","acct":"{acct}",'
                f'"display_name":{orjson.dumps(name[a]).decode()},"locked":false,"bot":false,'
                f'"url":"{key[a]}","uri":"https://{i}/users/{handle[a]}","emojis":[],"fields":[]}}'
            )
        return got

    def status(j: int) -> str:
        a, k, pj = account[j], kind[j], parent_pos[j]
        c = counts[j]
        common = (
            f'{{"id":"{local[j]}","created_at":"{iso[j]}Z",'
            f'"sensitive":false,"spoiler_text":"","visibility":"public",'
            f'"uri":"{uris[j]}",'
        )
        tail = f'"replies_count":{c[0]},"reblogs_count":{c[1]},"favourites_count":{c[2]},"edited_at":null,'
        if k == REPOST:
            return (
                f'{common}"url":null,"in_reply_to_id":null,"in_reply_to_account_id":null,'
                f'"language":null,{tail}"content":"","reblog":{status(pj)},'
                f'"account":{account_json(a)},"media_attachments":[],"mentions":[],"tags":[],'
                f'"emojis":[],"card":null,"poll":null}}'
            )
        e, i = text[j], inst[a]
        html_key = (e, i)
        body = content_cache.get(html_key)
        if body is None:
            entry = entries[e]
            tags = ",".join(
                orjson.dumps(
                    {"name": t.lower(), "url": f"https://{INSTANCES[i]}/tags/{t.lower()}"}
                ).decode()
                for t, *_ in entry.tags
            )
            content = orjson.dumps(_content(entry.text, entry.tags, INSTANCES[i])).decode()
            body = content_cache[html_key] = f'"content":{content},"tags":[{tags}]'
        if k == REPLY and pj >= 0:
            reply = f'"in_reply_to_id":"{local[pj]}","in_reply_to_account_id":"{nid[account[pj]]}",'
        else:
            reply = '"in_reply_to_id":null,"in_reply_to_account_id":null,'
        url = f"https://{INSTANCES[i]}/@{handle[a]}/{local[j]}"
        return (
            f'{common}"url":"{url}",{reply}"language":"{lang[j]}",{tail}{body},"reblog":null,'
            f'"account":{account_json(a)},"media_attachments":[],"mentions":[],"emojis":[],'
            f'"card":null,"poll":null}}'
        )

    malformed = w.malformed[sel].tolist()
    lines = [
        (truncate(status(j).encode()) if malformed[j] else status(j).encode())
        for j in range(len(sel))
    ]
    (out / "mastodon").mkdir(parents=True, exist_ok=True)
    (out / "mastodon" / "statuses.jsonl").write_bytes(b"\n".join(lines) + b"\n" if lines else b"")
    gone = np.flatnonzero(w.deleted[sel]).tolist()
    (out / "mastodon" / "deletions.txt").write_text(
        "".join(uris[j] + "\n" for j in gone), encoding="utf-8"
    )
    files = {"data/mastodon/statuses.jsonl": len(lines), "data/mastodon/deletions.txt": len(gone)}
    return Output(sel=sel, ids=uris, files=files, deletions=len(gone))
