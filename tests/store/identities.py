"""Collect every account id and handle present in real payload files, to prove none is stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

ID_KEYS = {"author_id", "in_reply_to_user_id", "in_reply_to_user_id_str", "user_id", "user_id_str",
           "did", "author_fullname", "owner_id"}
HANDLE_KEYS = {"screen_name", "username", "acct", "in_reply_to_screen_name", "handle", "author",
               "owner_username", "link_author"}
ACCOUNT_OBJECTS = {"user", "account", "author", "owner"}
NOT_IDENTITIES = {"[deleted]", "none", "null", "automoderator", ""}


def _walk(value: Any, parent: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, (str, int)) and not isinstance(child, bool):
                text = str(child)
                if key in ID_KEYS or (parent in ACCOUNT_OBJECTS | {"users", "mentions", "user_mentions"}
                                      and key in ("id", "id_str")):
                    yield "id", text
                elif key in HANDLE_KEYS:
                    yield "handle", text
            yield from _walk(child, key)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child, parent)


def identities(paths: list[Path]) -> tuple[set[str], set[str]]:
    """Return (account ids, handles) found anywhere in the JSON documents of ``paths``."""
    ids: set[str] = set()
    handles: set[str] = set()
    for path in paths:
        for line in path.read_bytes().splitlines() if path.suffix == ".jsonl" else [path.read_bytes()]:
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            for kind, text in _walk(value):
                if text.casefold() in NOT_IDENTITIES or len(text) < 3:
                    continue
                (ids if kind == "id" else handles).add(text)
    ids = {i for i in ids if not (i.isdigit() and len(i) < 6)}
    return ids, handles


_TOKEN = re.compile(r"[A-Za-z0-9_.:\-]+")
# A handle written as an account: @name, or the account part of a platform's profile or post link.
_AS_ACCOUNT = re.compile(
    r"(?i)(?:@|(?:twitter|x|instagram)\.com/|bsky\.app/profile/|/u/|/user/|/users/|/@)([A-Za-z0-9_.\-]+)"
)


def leaks(value: str, ids: set[str], handles_folded: set[str]) -> list[str]:
    """Identities that ``value`` shows in plain form: an id as a token, a handle as @handle, in a
    platform's profile or post link, or as the whole value."""
    found = [t for t in _TOKEN.findall(value) if t in ids]
    if value.casefold().lstrip("@") in handles_folded:
        found.append(value)
    for match in re.finditer(_AS_ACCOUNT, value):
        name = match.group(1).casefold().rstrip(".")
        if name in handles_folded:
            found.append(match.group(0))
    return found
