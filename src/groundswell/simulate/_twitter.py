"""Write simulated tweets as twarc2 writes Twitter API v2 search results, plus a compliance file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

from groundswell.simulate._common import Context, Output, iso_ms, truncate
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
_TWARC = orjson.dumps({"url": _QUERY_URL, "version": "2.14.0", "retrieved_at": "2025-07-01T12:00:00+00:00"}).decode()
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
    ent_cache: dict[tuple[int, int], str] = {}

    def hashtags(entry: int, shift: int) -> str:
        key = (entry, shift)
        got = ent_cache.get(key)
        if got is None:
            items = [
                f'{{"start":{s + shift},"end":{e + shift},"tag":{orjson.dumps(t).decode()}}}'
                for t, s, e, _, _ in tags[entry]
            ]
            got = ent_cache[key] = ",".join(items)
        return got

    account = w.account[sel].tolist()
    kind = w.kind[sel].tolist()
    text = w.text.tolist()
    parent_pos = np.where(w.parent[sel] >= 0, pos[np.maximum(w.parent[sel], 0)], -1).tolist()
    root_pos = pos[w.root[sel]].tolist()
    lang = [LANGS[x] for x in w.lang[sel].tolist()]
    metrics = np.stack([ctx.reposts[sel], ctx.replies[sel], ctx.likes[sel], ctx.quotes[sel]], 1).tolist()
    parent_world = w.parent[sel].tolist()
    edited = w.edited[sel]
    old_t = w.t[sel] - rng.integers(60_000, 1_200_000, len(sel))
    old_ids = {int(j): str(v) for j, v in zip(np.flatnonzero(edited), twitter_snowflakes(old_t[edited], sel[edited]).tolist(), strict=True)}
    old_iso = dict(zip(old_ids, iso_ms(old_t[edited]), strict=True))

    tweets: list[str] = []
    for j in range(len(sel)):
        k, a, pj = kind[j], account[j], parent_pos[j]
        mentions = ""
        if k == REPOST:
            ph = handle[account[pj]]
            e = text[parent_world[j]]
            body = f'"RT @{ph}: {ctx.text_json[e][1:]}'
            shift = len(ph) + 6
            mentions = f'"mentions":[{{"start":3,"end":{4 + len(ph)},"username":"{ph}"}}]'
        elif k == REPLY:
            ph = handle[account[pj]]
            e = text[sel[j]]
            body = f'"@{ph} {ctx.text_json[e][1:]}'
            shift = len(ph) + 2
            mentions = f'"mentions":[{{"start":0,"end":{1 + len(ph)},"username":"{ph}"}}]'
        else:
            e = text[sel[j]]
            body, shift = ctx.text_json[e], 0
        tags_json = hashtags(e, shift)
        parts = [p for p in (f'"hashtags":[{tags_json}]' if tags_json else "", mentions) if p]
        entities = f'"entities":{{{",".join(parts)}}},' if parts else ""
        ref = ""
        if pj >= 0:
            ref = f'"referenced_tweets":[{{"type":"{_REF[k]}","id":"{ids[pj]}"}}],'
            if k == REPLY:
                ref += f'"in_reply_to_user_id":"{uid[account[pj]]}",'
        m = metrics[j]
        conv = ids[root_pos[j]] if k == REPLY else ids[j]
        history = f'"{old_ids[j]}","{ids[j]}"' if j in old_ids else f'"{ids[j]}"'
        head = f'{{"id":"{ids[j]}","text":{body},"author_id":"{uid[a]}",'
        tail = (
            f'"conversation_id":"{conv}","lang":"{lang[j]}","public_metrics":{{"retweet_count":{m[0]},'
            f'"reply_count":{m[1]},"like_count":{m[2]},"quote_count":{m[3]}}},{entities}{ref}'
            f'"edit_history_tweet_ids":[{history}],"possibly_sensitive":false,'
            f'"reply_settings":"everyone"}}'
        )
        tweets.append(f'{head}"created_at":"{iso[j]}Z",{tail}')
        if j in old_ids:
            old_head = head.replace(f'"id":"{ids[j]}"', f'"id":"{old_ids[j]}"', 1)
            tweets.append(f'{old_head}"created_at":"{old_iso[j]}Z",{tail}')

    # records: (time, tweet index in ``tweets``, position j); newest first, like a search
    rec_t, rec_j = [], []
    k_out = 0
    for j in range(len(sel)):
        rec_t.append(int(w.t[sel[j]]))
        rec_j.append((k_out, j))
        k_out += 1
        if j in old_ids:
            rec_t.append(int(old_t[j]))
            rec_j.append((k_out, j))
            k_out += 1
    order = np.argsort(-np.asarray(rec_t, dtype=np.int64), kind="stable").tolist()
    malformed = w.malformed[sel]
    good = [rec_j[r] for r in order if not malformed[rec_j[r][1]]]
    bad = [rec_j[r] for r in order if malformed[rec_j[r][1]]]

    def page(records: list[tuple[int, int]], last: bool) -> str:
        users: dict[int, None] = {}
        refs: dict[int, None] = {}
        for _, j in records:
            users[account[j]] = None
            pj = parent_pos[j]
            if pj >= 0:
                refs[pj] = None
                users[account[pj]] = None
        user_json = ",".join(_user(ctx, a) for a in users)
        inc = f'"users":[{user_json}]'
        if refs:
            inc += ',"tweets":[' + ",".join(tweets[first_out[pj]] for pj in refs) + "]"
        first, lastid = tweets_id(records[0]), tweets_id(records[-1])
        token = "" if last else f',"next_token":"b26v89c19zqg8o3f{len(records):04d}{first[-8:]}"'
        meta = f'{{"newest_id":"{first}","oldest_id":"{lastid}","result_count":{len(records)}{token}}}'
        data = ",".join(tweets[k] for k, _ in records)
        return f'{{"data":[{data}],"includes":{{{inc}}},"meta":{meta},"__twarc":{_TWARC}}}'

    first_out = [0] * len(sel)
    k_out = 0
    for j in range(len(sel)):
        first_out[j] = k_out
        k_out += 2 if j in old_ids else 1

    def tweets_id(record: tuple[int, int]) -> str:
        k, j = record
        return ids[j] if k == first_out[j] else old_ids[j]

    (out / "twitter").mkdir(parents=True, exist_ok=True)
    pages = [page(good[s : s + PAGE], s + PAGE >= len(good)) for s in range(0, len(good), PAGE)]
    lines = [p.encode() for p in pages]
    if bad:
        lines.append(truncate(page(bad, True).encode()))
    (out / "twitter" / "search.jsonl").write_bytes(b"\n".join(lines) + b"\n")

    gone = np.flatnonzero(w.deleted[sel])
    when = w.t[sel][gone] + rng.integers(3_600_000, 90 * 86_400_000, len(gone))
    order_d = np.argsort(when, kind="stable")
    comp = [
        orjson.dumps({"id": ids[int(gone[o])], "action": "delete", "created_at": s + "Z", "reason": "deleted"})
        for o, s in zip(order_d.tolist(), iso_ms(when[order_d]), strict=True)
    ]
    (out / "twitter" / "compliance.jsonl").write_bytes(b"".join(c + b"\n" for c in comp))
    files = {"data/twitter/search.jsonl": len(lines), "data/twitter/compliance.jsonl": len(comp)}
    return Output(sel=sel, ids=ids, files=files, deletions=len(comp))


def _user(ctx: Context, a: int) -> str:
    cache = ctx.user_cache
    got = cache.get(a)
    if got is None:
        acc, people = ctx.accounts, ctx.world.people
        person = int(people.accounts[TWITTER][a])
        followers = int(people.weight[person] * 40)
        got = cache[a] = (
            f'{{"id":"{acc.native_id[TWITTER][a]}","name":{orjson.dumps(acc.name[TWITTER][a]).decode()},'
            f'"username":"{acc.handle[TWITTER][a]}","created_at":"2012-03-0{1 + a % 9}T10:00:00.000Z",'
            f'"protected":false,"verified":false,"public_metrics":{{"followers_count":{followers},'
            f'"following_count":{150 + a % 500},"tweet_count":{1000 + a % 9000},"listed_count":{a % 7}}}}}'
        )
    return got
