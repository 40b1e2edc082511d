"""Bluesky's tag rules: the 32 detection cases of @atproto/api (read in place) and a few more."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from groundswell.text import extract_hashtags, is_valid_hashtag

CASES = (
    Path(__file__).resolve().parents[3]
    / "shared/data/conformance/bluesky-hashtags/atproto_tag_detection_cases.json"
)


def _cases() -> list[Any]:
    if not CASES.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CASES} missing"))]
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=f"{n}:{case[0][:30]}") for n, case in enumerate(cases)]


@pytest.mark.parametrize("case", _cases())
def test_atproto_detection(case: list[Any]) -> None:
    text, tags, ranges = case
    found = extract_hashtags(text, platform="bluesky")
    assert [h.tag for h in found] == tags
    assert [[h.start, h.end] for h in found] == ranges


def test_case_count(shared_data: Path) -> None:
    data = json.loads(
        (shared_data / "conformance/bluesky-hashtags/atproto_tag_detection_cases.json").read_text()
    )
    assert len(data["cases"]) == 32


def test_offsets_are_utf8_bytes() -> None:
    # Hand-derived: "é" is 2 bytes, then a space: the "#" is byte 3, "#a" ends at byte 5.
    assert [(h.tag, h.start, h.end) for h in extract_hashtags("é #a", "bluesky")] == [("a", 3, 5)]


def test_needs_whitespace_before_hash() -> None:
    assert extract_hashtags("x#tag", "bluesky") == []
    assert [h.tag for h in extract_hashtags("x\n#tag", "bluesky")] == ["tag"]


def test_valid_hashtag() -> None:
    assert is_valid_hashtag("#MeToo", "bluesky")
    assert not is_valid_hashtag("#MeToo!", "bluesky")
    assert not is_valid_hashtag("#2017", "bluesky")
