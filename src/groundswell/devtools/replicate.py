"""Make a large twarc2 file by replicating real response pages with fresh tweet ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson

_QUOTED_NUMBER = re.compile(rb'"(\d{6,20})"')
ID_STRIDE = 10**19


def _tweet_ids(pages: list[bytes]) -> set[bytes]:
    ids: set[bytes] = set()
    for page in pages:
        value = orjson.loads(page)
        tweets = value.get("data") or []
        tweets = tweets if isinstance(tweets, list) else [tweets]
        tweets += (value.get("includes") or {}).get("tweets") or []
        ids.update(str(t["id"]).encode() for t in tweets if isinstance(t, dict) and "id" in t)
    return ids


def _count(page: bytes) -> int:
    data = orjson.loads(page).get("data") or []
    return len(data) if isinstance(data, list) else 1


def replicated_lines(fixture: Path, tweets: int) -> Iterator[bytes]:
    """Yield twarc2 page lines holding at least ``tweets`` directly collected tweets.

    Each copy of the fixture's pages gets its tweet ids (and every reference to them) shifted by
    ``copy * 10**19``, so copies are distinct tweets with the same structure; account ids stay,
    as the same people posting again.
    """
    pages = [line for line in fixture.read_bytes().splitlines() if line.strip().startswith(b"{")]
    pages = [p for p in pages if b'"data"' in p]
    ids = _tweet_ids(pages)
    sizes = [_count(p) for p in pages]
    written = 0
    copy = 0
    while written < tweets:
        shift = copy * ID_STRIDE

        def fresh(match: re.Match[bytes], shift: int = shift) -> bytes:
            number = match.group(1)
            if number not in ids:
                return match.group(0)
            return b'"' + str(int(number) + shift).encode() + b'"'

        for page, size in zip(pages, sizes, strict=True):
            yield page if shift == 0 else _QUOTED_NUMBER.sub(fresh, page)
            written += size
            if written >= tweets:
                return
        copy += 1


def write_replicated(fixture: Path, out: Path, tweets: int) -> int:
    """Write a replicated twarc2 file to ``out``; return the number of pages written."""
    pages = 0
    with out.open("wb") as handle:
        for line in replicated_lines(fixture, tweets):
            handle.write(line + b"\n")
            pages += 1
    return pages
