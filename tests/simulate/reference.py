"""An independent reader of the simulator's native files (json/csv only) that recounts the truth."""

from __future__ import annotations

import csv
import json
import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_TAG = re.compile(r"(?<!\S)#(\w+)")


def fold(text: str) -> str:
    """Case-fold and drop accents (NFKD, combining marks removed)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Rec:
    platform: str
    id: str
    author: str
    kind: str  # original, reply, quote, repost
    day: str
    text: str
    hashtags: list[str]
    parent: str | None  # replied-to, quoted or reposted id


def _day_iso(value: str) -> str:
    return value[:10]


def _day_unix(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()


def read_lines(path: Path) -> tuple[list[Any], int]:
    """Parsed JSON lines and the number of lines that are not JSON."""
    good, bad = [], 0
    for line in path.read_bytes().splitlines():
        try:
            good.append(json.loads(line))
        except json.JSONDecodeError:
            bad += 1
    return good, bad


def read_all(root: Path) -> tuple[list[Rec], set[tuple[str, str]]]:
    """Every post in the files (latest edit only) and the (platform, id) deletions."""
    data = root / "data"
    recs: dict[tuple[str, str], Rec] = {}
    superseded: set[str] = set()
    pages, _ = read_lines(data / "twitter" / "search.jsonl")
    for page in pages:
        for t in page["data"]:
            history = t.get("edit_history_tweet_ids", [t["id"]])
            if history[-1] != t["id"]:
                superseded.add(t["id"])
                continue
            refs = t.get("referenced_tweets", [])
            kind = (
                {"replied_to": "reply", "quoted": "quote", "retweeted": "repost"}[refs[0]["type"]]
                if refs
                else "original"
            )
            tags = [h["tag"] for h in t.get("entities", {}).get("hashtags", [])]
            recs[("twitter", t["id"])] = Rec(
                "twitter", t["id"], t["author_id"], kind, _day_iso(t["created_at"]), t["text"], tags,
                refs[0]["id"] if refs else None,
            )  # fmt: skip
    deleted: set[tuple[str, str]] = set()
    for line in (data / "twitter" / "compliance.jsonl").read_text().splitlines():
        deleted.add(("twitter", json.loads(line)["id"]))

    statuses, _ = read_lines(data / "mastodon" / "statuses.jsonl")
    by_local: dict[str, str] = {s["id"]: s["uri"] for s in statuses}
    for s in statuses:
        if s["reblog"] is not None:
            kind, parent, tags = "repost", s["reblog"]["uri"], []
        elif s["in_reply_to_id"] is not None:
            kind, parent, tags = (
                "reply",
                by_local.get(s["in_reply_to_id"]),
                [t["name"] for t in s["tags"]],
            )
        else:
            kind, parent, tags = "original", None, [t["name"] for t in s["tags"]]
        recs[("mastodon", s["uri"])] = Rec(
            "mastodon", s["uri"], s["account"]["url"], kind, _day_iso(s["created_at"]),
            re.sub(r"<[^>]+>", "", s["content"]), tags, parent,
        )  # fmt: skip
    for line in (data / "mastodon" / "deletions.txt").read_text().splitlines():
        deleted.add(("mastodon", line))

    events, _ = read_lines(data / "bluesky" / "jetstream.jsonl")
    for ev in events:
        c = ev["commit"]
        uri = f"at://{ev['did']}/{c['collection']}/{c['rkey']}"
        if c["operation"] == "delete":
            deleted.add(("bluesky", uri))
            continue
        r = c["record"]
        if c["collection"] == "app.bsky.feed.repost":
            rec = Rec(
                "bluesky",
                uri,
                ev["did"],
                "repost",
                _day_iso(r["createdAt"]),
                "",
                [],
                r["subject"]["uri"],
            )
        else:
            raw = r["text"].encode()
            tags = []
            for f in r.get("facets", []):
                for feat in f["features"]:
                    if feat["$type"] == "app.bsky.richtext.facet#tag":
                        tags.append(feat["tag"])
                        got = raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode()
                        assert got == "#" + feat["tag"], (got, feat["tag"])
            kind, parent = "original", None
            if "reply" in r:
                kind, parent = "reply", r["reply"]["parent"]["uri"]
            elif "embed" in r:
                kind, parent = "quote", r["embed"]["record"]["uri"]
            rec = Rec(
                "bluesky", uri, ev["did"], kind, _day_iso(r["createdAt"]), r["text"], tags, parent
            )
        recs[("bluesky", uri)] = rec

    subs, _ = read_lines(data / "reddit" / "submissions.ndjson")
    for s in subs:
        text = s["title"] + "\n\n" + s["selftext"]
        recs[("reddit", "t3_" + s["id"])] = Rec(
            "reddit", "t3_" + s["id"], s["author_fullname"], "original", _day_unix(s["created_utc"]),
            text, _TAG.findall(text), None,
        )  # fmt: skip
    comments, _ = read_lines(data / "reddit" / "comments.ndjson")
    for s in comments:
        recs[("reddit", "t1_" + s["id"])] = Rec(
            "reddit", "t1_" + s["id"], s["author_fullname"], "reply", _day_unix(s["created_utc"]),
            s["body"], _TAG.findall(s["body"]), s["parent_id"],
        )  # fmt: skip

    sidecar = tomllib.loads((data / "facebook" / "export.csv.groundswell.toml").read_text())
    col = sidecar["columns"]
    with (data / "facebook" / "export.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            share = row[col["is_repost"]] == "true"
            reply = row[col["reply_to_id"]]
            kind = "repost" if share else ("reply" if reply else "original")
            tags = [t.lstrip("#") for t in row[col["hashtags"]].split()]
            recs[(sidecar["platform"], row[col["id"]])] = Rec(
                sidecar["platform"], row[col["id"]], row[col["author"]], kind,
                row[col["created_at"]][:10], row[col["text"]], tags,
                row[col["reposted_id"]] if share else (reply or None),
            )  # fmt: skip
    return list(recs.values()), deleted


def recount(root: Path) -> dict[str, Any]:
    """Daily posts, voices, new voices, amplifiers per the movement.toml rule, from the files."""
    movement = tomllib.loads((root / "movement.toml").read_text())
    keys = set()
    for h in movement["hashtags"]:
        keys.add(fold(h["tag"]))
        keys.update(fold(v) for v in h.get("variants", []))
    phrases = [fold(p["text"]) for p in movement["phrases"]]
    calls = {(c["platform"], c["id"]) for c in movement["calls_to_action"]}
    recs, deleted = read_all(root)
    live = [r for r in recs if (r.platform, r.id) not in deleted]
    matched: set[tuple[str, str]] = set()
    for r in live:
        if r.kind == "repost":
            continue
        by_tag = any(fold(t) in keys for t in r.hashtags)
        to_call = r.kind in ("reply", "quote") and (r.platform, r.parent) in calls
        by_phrase = to_call and any(p in fold(r.text) for p in phrases)
        if by_tag or by_phrase:
            matched.add((r.platform, r.id))
    posts: dict[str, int] = defaultdict(int)
    voices: dict[str, set[tuple[str, str]]] = defaultdict(set)
    amps: dict[str, set[tuple[str, str]]] = defaultdict(set)
    first: dict[tuple[str, str], str] = {}
    for r in live:
        hit = (r.platform, r.id) in matched or (
            r.kind == "repost" and (r.platform, r.parent) in matched
        )
        if not hit:
            continue
        posts[r.day] += 1
        who = (r.platform, r.author)
        if r.kind == "repost":
            amps[r.day].add(who)
        else:
            voices[r.day].add(who)
            first[who] = min(first.get(who, r.day), r.day)
    new: dict[str, int] = defaultdict(int)
    for day in first.values():
        new[day] += 1
    days = sorted(posts)
    return {
        d: {
            "posts": posts[d],
            "voices": len(voices[d]),
            "new_voices": new[d],
            "amplifiers": len(amps[d]),
        }
        for d in days
    }
