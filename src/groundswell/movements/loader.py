"""Read movement definitions from TOML (files or built-in presets) and validate them."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from groundswell.errors import DefinitionError
from groundswell.movements.definition import (
    CallToAction,
    KeyEvent,
    Movement,
    PhraseContext,
    PhraseRule,
    Variant,
)
from groundswell.text.hashtags import is_valid_hashtag

__all__ = ["list_movements", "load_movement", "parse_movement"]

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TOP_KEYS = {
    "name", "title", "description", "related", "window", "hashtags", "phrases",
    "calls_to_action", "events",
}  # fmt: skip
_TABLE_KEYS = {
    "window": {"start", "end"},
    "hashtags": {"tag", "variants", "languages"},
    "phrases": {"text", "contexts", "languages"},
    "calls_to_action": {
        "platform", "id", "author", "time", "text_pattern", "label", "url", "tolerance_minutes",
    },
    "events": {"date", "label", "source"},
}  # fmt: skip


class _Reader:
    """Typed access to one TOML document, raising DefinitionError that names file and key."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, key: str, problem: str, fix: str) -> DefinitionError:
        return DefinitionError(f"{self.origin}: {key}: {problem}. Fix: {fix}")

    def check_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(table) - allowed):
            name = f"{where}.{key}" if where else key
            raise self.fail(name, "unknown key", f"use one of {', '.join(sorted(allowed))}")

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}{key}", "must be a non-empty string", f'write {key} = "..."')
        return value.strip()

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{where}{key}", "must be a list of strings", f'write {key} = ["..."]')
        return tuple(value)

    def tables(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "must be an array of tables", f"write [[{key}]] sections")
        for index, table in enumerate(value):
            self.check_keys(table, _TABLE_KEYS[key], f"{key}[{index}]")
        return value

    def day(self, table: dict[str, Any], key: str, where: str) -> date | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(f"{where}{key}", "must be a TOML date", f"write {key} = 2017-10-15")
        return value


def parse_movement(data: dict[str, Any], origin: str) -> Movement:
    """Build a validated ``Movement`` from parsed TOML; ``origin`` names the file in errors."""
    read = _Reader(origin)
    read.check_keys(data, _TOP_KEYS, "")
    name = read.text(data, "name", "")
    if not _NAME_RE.match(name):
        raise read.fail(
            "name", f"{name!r} is not a plain name", 'use lowercase letters, digits and "-"'
        )
    window = data.get("window", {})
    if not isinstance(window, dict):
        raise read.fail("window", "must be a table", "write [window] with start and end dates")
    read.check_keys(window, _TABLE_KEYS["window"], "window")
    start, end = read.day(window, "start", "window."), read.day(window, "end", "window.")
    if start and end and end < start:
        raise read.fail("window.end", "is before window.start", "swap or correct the dates")
    movement = Movement(
        name=name,
        title=read.text(data, "title", ""),
        description=read.text(data, "description", ""),
        variants=_variants(read, data),
        phrases=tuple(
            _phrase(read, t, f"phrases[{i}].") for i, t in enumerate(read.tables(data, "phrases"))
        ),
        window_start=start,
        window_end=end,
        calls_to_action=tuple(
            _call(read, t, f"calls_to_action[{i}].")
            for i, t in enumerate(read.tables(data, "calls_to_action"))
        ),
        events=tuple(
            _event(read, t, f"events[{i}].") for i, t in enumerate(read.tables(data, "events"))
        ),
        related=read.strings(data, "related", ""),
        origin=origin,
    )
    return movement


def _variants(read: _Reader, data: dict[str, Any]) -> tuple[Variant, ...]:
    groups = read.tables(data, "hashtags")
    if not groups:
        raise read.fail(
            "hashtags", "no hashtags given", "add at least one [[hashtags]] with tag = ..."
        )
    seen: dict[str, str] = {}
    variants: list[Variant] = []
    for index, table in enumerate(groups):
        where = f"hashtags[{index}]."
        group = read.text(table, "tag", where).lstrip("#")
        languages = read.strings(table, "languages", where)
        for tag in (group, *(v.lstrip("#") for v in read.strings(table, "variants", where))):
            if not is_valid_hashtag("#" + tag):
                raise read.fail(
                    where + "variants", f"#{tag} is not a hashtag", "remove spaces and punctuation"
                )
            variant = Variant(tag=tag, languages=languages, group=group)
            if variant.key in seen:
                continue  # spellings that fold together (MeToo, metoo) are one variant
            seen[variant.key] = where
            variants.append(variant)
    return tuple(variants)


def _phrase(read: _Reader, table: dict[str, Any], where: str) -> PhraseRule:
    contexts = read.strings(table, "contexts", where)
    allowed = [c.value for c in PhraseContext]
    for context in contexts:
        if context not in allowed:
            raise read.fail(
                where + "contexts", f"unknown context {context!r}", f"use {', '.join(allowed)}"
            )
    if not contexts:
        raise read.fail(
            where + "contexts", "is empty", f"list where the phrase counts: {', '.join(allowed)}"
        )
    return PhraseRule(
        text=read.text(table, "text", where),
        contexts=tuple(PhraseContext(c) for c in contexts),
        languages=read.strings(table, "languages", where),
    )


def _call(read: _Reader, table: dict[str, Any], where: str) -> CallToAction:
    time = table.get("time")
    if time is not None:
        if not isinstance(time, datetime):
            raise read.fail(
                where + "time", "must be a TOML date-time", "write time = 2017-10-15T20:21:00Z"
            )
        time = time.replace(tzinfo=UTC) if time.tzinfo is None else time.astimezone(UTC)
    call = CallToAction(
        platform=read.text(table, "platform", where),
        id=read.text(table, "id", where, required=False) or None,
        author=read.text(table, "author", where, required=False).lstrip("@") or None,
        time=time,
        text_pattern=read.text(table, "text_pattern", where, required=False) or None,
        label=read.text(table, "label", where, required=False),
        url=read.text(table, "url", where, required=False),
        tolerance_minutes=int(table.get("tolerance_minutes", 10)),
    )
    if call.id is None and (call.author is None or call.time is None):
        raise read.fail(
            where + "id", "a call to action needs an id, or an author and a time", 'add id = "..."'
        )
    if call.text_pattern is not None:
        try:
            re.compile(call.text_pattern)
        except re.error as error:
            raise read.fail(
                where + "text_pattern",
                f"invalid regular expression ({error})",
                "escape special characters",
            ) from None
    return call


def _event(read: _Reader, table: dict[str, Any], where: str) -> KeyEvent:
    raw = table.get("date")
    value = raw.isoformat() if isinstance(raw, date) and not isinstance(raw, datetime) else raw
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise read.fail(
            where + "date",
            "must be YYYY, YYYY-MM or a date",
            'write date = 2017-10-15 or date = "2006"',
        )
    source = read.text(table, "source", where)
    if not source.startswith(("http://", "https://")):
        raise read.fail(where + "source", "must be a URL", "give the http(s) address of a source")
    return KeyEvent(date=value, label=read.text(table, "label", where), source=source)


def list_movements() -> list[str]:
    """Return the names of the built-in presets, sorted."""
    presets = resources.files("groundswell.movements") / "presets"
    return sorted(p.name[: -len(".toml")] for p in presets.iterdir() if p.name.endswith(".toml"))


def load_movement(name_or_path: str | Path) -> Movement:
    """Load a built-in preset by name (``metoo``) or a definition from a ``.toml`` file path."""
    candidate = str(name_or_path)
    if isinstance(name_or_path, str) and candidate in list_movements():
        resource = resources.files("groundswell.movements") / "presets" / f"{candidate}.toml"
        origin, content = f"preset {candidate}", resource.read_text(encoding="utf-8")
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise DefinitionError(
                f"{path}: no such movement file or preset. "
                f"Fix: give a .toml path or one of: {', '.join(list_movements())}"
            )
        origin, content = str(path), path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(
            f"{origin}: not valid TOML ({error}). Fix: correct the syntax"
        ) from None
    return parse_movement(data, origin)
