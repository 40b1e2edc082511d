"""Write simulated tweets as twarc2 writes Twitter API v2 search results, plus a compliance file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
from numpy.typing import NDArray

from groundswell.simulate._arrays import distinct, distinct_inverse
from groundswell.simulate._common import Context, Output, iso_ms
from groundswell.simulate._config import QUOTE, REPLY, REPOST, TWITTER
from groundswell.simulate._ids import twitter_snowflakes
from groundswell.simulate._templates import LANGS

__all__ = ["write_twitter"]

PAGE = 100
_QUERY_URL = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Creferenced_tweets.id%2C"
    "referenced_tweets.id.author_id%2Cin_reply_to_user_id&tweet.fields=author_id%2Cconversation_id"
    "%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Creferenced_tweets"
    "%2Ctext%2Cedit_history_tweet_ids&max_results=100&query=%23MeToo%20OR%20%22me%20too%22"
)
_TWARC = orjson.dumps(
    {"url": _QUERY_URL, "version": "2.14.0", "retrieved_at": "2025-07-01T12:00:00+00:00"}
).decode()
_REF = {REPLY: "replied_to", QUOTE: "quoted", REPOST: "retweeted"}


def write_twitter(ctx: Context, out: Path) -> Output:
    """Write ``twitter/search.jsonl`` (response pages, newest first) and ``twitter/compliance.jsonl``."""
    w, acc, rng = ctx.world, ctx.accounts, ctx.rng
    sel = ctx.select(TWITTER)
    n_world = len(w.t)
    pos = np.full(n_world, -1, dtype=np.int64)
    pos[sel] = np.arange(len(sel))
    ids = [str(v) for v in twitter_snowflakes(w.t[sel], sel).tolist()]
    iso = iso_ms(w.t[sel])
    uid, handle = acc.native_id[TWITTER], acc.handle[TWITTER]
    tags = [e.tags for e in ctx.catalogue.entries]
    n = len(sel)
    account = w.account[sel]
    kind = w.kind[sel]
    has_parent = w.parent[sel] >= 0
    parent_pos = np.where(has_parent, pos[np.maximum(w.parent[sel], 0)], -1)
    parent_acc = np.where(has_parent, account[np.maximum(parent_pos, 0)], 0)
    entry = np.where(kind == REPOST, w.text[np.maximum(w.parent[sel], 0)], w.text[sel])
    handle_arr = np.array(handle, dtype=object)
    ph = handle_arr[parent_acc]
    ph_len = np.fromiter((len(h) for h in handle), dtype=np.int64, count=len(handle))[parent_acc]
    shift = np.where(kind == REPOST, ph_len + 6, np.where(kind == REPLY, ph_len + 2, 0))

    # hashtag entities: built once per distinct (text, shift)
    key, inverse = distinct_inverse(entry * 1024 + shift)
    tag_json = np.array(
        [
            ",".join(
                f'{{"start":{a + sh},"end":{b + sh},"tag":{orjson.dumps(t).decode()}}}'
                for t, a, b, _, _ in tags[e]
            )
            for e, sh in zip((key // 1024).tolist(), (key % 1024).tolist(), strict=True)
        ],
        dtype=object,
    )[inverse]
    mention = np.full(n, "", dtype=object)
    rt, rp = kind == REPOST, kind == REPLY
    mention[rt] = [
        f'"mentions":[{{"start":3,"end":{4 + len(h)},"username":"{h}"}}]' for h in ph[rt]
    ]
    mention[rp] = [
        f'"mentions":[{{"start":0,"end":{1 + len(h)},"username":"{h}"}}]' for h in ph[rp]
    ]
    entities = [
        (f'"entities":{{{m},"hashtags":[{h}]}},' if m else f'"entities":{{"hashtags":[{h}]}},')
        if h
        else (f'"entities":{{{m}}},' if m else "")
        for h, m in zip(tag_json.tolist(), mention.tolist(), strict=True)
    ]
    text_json = np.array(ctx.text_json, dtype=object)[entry]
    body = text_json.copy()
    body[rt] = [f'"RT @{h}: {t[1:]}' for h, t in zip(ph[rt], text_json[rt], strict=True)]
    body[rp] = [f'"@{h} {t[1:]}' for h, t in zip(ph[rp], text_json[rp], strict=True)]
    ids_arr = np.array(ids, dtype=object)
    uid_arr = np.array(uid, dtype=object)
    ref = np.full(n, "", dtype=object)
    for k in (REPLY, QUOTE, REPOST):
        on = kind == k
        extra = (
            [f'"in_reply_to_user_id":"{u}",' for u in uid_arr[parent_acc[on]]]
            if k == REPLY
            else None
        )
        refs = [
            f'"referenced_tweets":[{{"type":"{_REF[k]}","id":"{i}"}}],'
            for i in ids_arr[parent_pos[on]]
        ]
        ref[on] = [r + x for r, x in zip(refs, extra, strict=True)] if extra is not None else refs
    conv = np.where(rp, ids_arr[pos[w.root[sel]]], ids_arr)
    lang = np.array(LANGS, dtype=object)[w.lang[sel]]
    edited = w.edited[sel]
    old_t = w.t[sel] - rng.integers(60_000, 1_200_000, n)
    old_ids = {
        int(j): str(v)
        for j, v in zip(
            np.flatnonzero(edited),
            twitter_snowflakes(old_t[edited], sel[edited]).tolist(),
            strict=True,
        )
    }
    old_iso = dict(zip(old_ids, iso_ms(old_t[edited]), strict=True))
    history = [f'"{i}"' for i in ids]
    for j, old in old_ids.items():
        history[j] = f'"{old}","{ids[j]}"'
    columns = zip(
        ids, body.tolist(), uid_arr[account].tolist(), iso, conv.tolist(), lang.tolist(),
        ctx.reposts[sel].tolist(), ctx.replies[sel].tolist(), ctx.likes[sel].tolist(),
        ctx.quotes[sel].tolist(), entities, ref.tolist(), history, strict=True,
    )  # fmt: skip
    tweets: list[bytes] = [
        f'{{"id":"{i}","text":{b},"author_id":"{u}","created_at":"{c}Z","conversation_id":"{cv}",'
        f'"lang":"{lg}","public_metrics":{{"retweet_count":{m0},"reply_count":{m1},"like_count":{m2},'
        f'"quote_count":{m3}}},{en}{rf}"edit_history_tweet_ids":[{hi}]}}'.encode()
        for i, b, u, c, cv, lg, m0, m1, m2, m3, en, rf, hi in columns
    ]
    if old_ids:  # the older version of an edited tweet right after the newer one
        merged: list[bytes] = []
        for j, tweet in enumerate(tweets):
            merged.append(tweet)
            if j in old_ids:
                older = tweet.replace(
                    f'"id":"{ids[j]}"'.encode(), f'"id":"{old_ids[j]}"'.encode(), 1
                )
                merged.append(
                    older.replace(f'"{iso[j]}Z"'.encode(), f'"{old_iso[j]}Z"'.encode(), 1)
                )
        tweets = merged
    parent_pos = parent_pos.tolist()

    # records newest first, like a search; an edited tweet's older version is a record of its own
    first_out = np.arange(n) + np.concatenate([[0], np.cumsum(edited)[:-1]]).astype(np.int64)
    rec_out = np.concatenate([first_out, first_out[edited] + 1])
    rec_j = np.concatenate([np.arange(n), np.flatnonzero(edited)])
    order = np.argsort(-np.concatenate([w.t[sel], old_t[edited]]), kind="stable")
    rec_out, rec_j = rec_out[order], rec_j[order]
    bad = w.malformed[sel][rec_j]
    user_json = _users(ctx)
    out_ids = [""] * len(tweets)
    for j, k in enumerate(first_out.tolist()):
        out_ids[k] = ids[j]
        if j in old_ids:
            out_ids[k + 1] = old_ids[j]
    parent_arr = np.asarray(parent_pos, dtype=np.int64)
    account_arr = account

    def pages(outs: NDArray[np.int64], js: NDArray[np.int64], size: int) -> list[bytes]:
        page_of = np.arange(len(outs), dtype=np.int64) // size
        n_pages = int(page_of[-1]) + 1 if len(outs) else 0
        par = parent_arr[js]
        has = par >= 0
        u = distinct(
            np.concatenate(
                [page_of << 32 | account_arr[js], page_of[has] << 32 | account_arr[par[has]]]
            )
        )
        r = distinct(page_of[has] << 32 | first_out[par[has]])
        u_cut = np.searchsorted(u >> 32, np.arange(n_pages + 1)).tolist()
        r_cut = np.searchsorted(r >> 32, np.arange(n_pages + 1)).tolist()
        users = [user_json[a] for a in (u & 0xFFFFFFFF).tolist()]
        refs = [tweets[k] for k in (r & 0xFFFFFFFF).tolist()]
        data = [tweets[k] for k in outs.tolist()]
        data_ids = [out_ids[k] for k in outs.tolist()]
        result = []
        for p in range(n_pages):
            s, e = p * size, min((p + 1) * size, len(outs))
            token = (
                ""
                if p == n_pages - 1
                else f',"next_token":"b26v89c19zqg8o3f{p:06d}{data_ids[s][-6:]}"'
            )
            meta = f'{{"newest_id":"{data_ids[s]}","oldest_id":"{data_ids[e - 1]}","result_count":{e - s}{token}}}'
            parts = [b'{"data":[', b",".join(data[s:e]), b'],"includes":{"users":[']
            parts.append(b",".join(users[u_cut[p] : u_cut[p + 1]]))
            if r_cut[p + 1] > r_cut[p]:
                parts += [b'],"tweets":[', b",".join(refs[r_cut[p] : r_cut[p + 1]])]
            parts.append(f']}},"meta":{meta},"__twarc":{_TWARC}}}\n'.encode())
            result.append(b"".join(parts))
        return result

    (out / "twitter").mkdir(parents=True, exist_ok=True)
    lines = pages(rec_out[~bad], rec_j[~bad], PAGE)
    if bad.any():  # a crashed collector's last page: cut mid-record
        lines += [
            line[: len(line) // 2] + b"\n" for line in pages(rec_out[bad], rec_j[bad], 10_000)
        ]
    with (out / "twitter" / "search.jsonl").open("wb") as f:
        f.writelines(lines)

    gone = np.flatnonzero(w.deleted[sel])
    when = w.t[sel][gone] + rng.integers(3_600_000, 90 * 86_400_000, len(gone))
    order_d = np.argsort(when, kind="stable")
    comp = [
        orjson.dumps(
            {
                "id": ids[int(gone[o])],
                "action": "delete",
                "created_at": s + "Z",
                "reason": "deleted",
            }
        )
        for o, s in zip(order_d.tolist(), iso_ms(when[order_d]), strict=True)
    ]
    (out / "twitter" / "compliance.jsonl").write_bytes(b"".join(c + b"\n" for c in comp))
    files = {"data/twitter/search.jsonl": len(lines), "data/twitter/compliance.jsonl": len(comp)}
    return Output(sel=sel, ids=ids, files=files, deletions=len(comp))


def _users(ctx: Context) -> list[bytes]:
    """Every Twitter account as a v2 user object (id, name, username, created_at, counts)."""
    acc, people = ctx.accounts, ctx.world.people
    persons = people.accounts[TWITTER]
    followers = (people.weight[persons] * 40).astype(np.int64).tolist()
    names = [orjson.dumps(x).decode() for x in acc.name[TWITTER]]
    return [
        f'{{"id":"{i}","name":{nm},"username":"{h}","created_at":"2012-03-0{1 + a % 9}T10:00:00.000Z",'
        f'"public_metrics":{{"followers_count":{f},"following_count":{150 + a % 500},"tweet_count":{1000 + a % 9000}}}}}'.encode()
        for a, (i, nm, h, f) in enumerate(
            zip(acc.native_id[TWITTER], names, acc.handle[TWITTER], followers, strict=True)
        )
    ]
