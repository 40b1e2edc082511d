"""twitter-text's own conformance suite (read in place from ../shared) against extract_hashtags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from groundswell.text import extract_hashtags, is_valid_hashtag

# Collection needs the cases before fixtures exist, so the path is computed as conftest does.
SUITE = Path(__file__).resolve().parents[3] / "shared" / "data" / "conformance" / "twitter-text"


def _cases(file: str, section: str) -> list[Any]:
    path = SUITE / file
    if not path.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} missing"))]
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"][section]
    return [pytest.param(case, id=case["description"]) for case in cases]


@pytest.mark.parametrize("case", _cases("extract.yml", "hashtags"))
def test_extract_hashtags(case: dict[str, Any]) -> None:
    assert [h.tag for h in extract_hashtags(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "hashtags_from_astral"))
def test_extract_hashtags_from_astral(case: dict[str, Any]) -> None:
    assert [h.tag for h in extract_hashtags(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "hashtags_with_indices"))
def test_extract_hashtags_with_indices(case: dict[str, Any]) -> None:
    got = [{"hashtag": h.tag, "indices": [h.start, h.end]} for h in extract_hashtags(case["text"])]
    assert got == case["expected"]


@pytest.mark.parametrize("case", _cases("validate.yml", "hashtags"))
def test_validate_hashtag(case: dict[str, Any]) -> None:
    assert is_valid_hashtag(case["text"]) is case["expected"]


def test_suite_sizes(shared_data: Path) -> None:
    """The suite is the full one (65 + 3 + 8 extraction cases, 7 validation cases)."""
    extract = yaml.safe_load((shared_data / "conformance/twitter-text/extract.yml").read_text())
    sizes = [
        len(extract["tests"][s])
        for s in ("hashtags", "hashtags_from_astral", "hashtags_with_indices")
    ]
    assert sizes == [65, 3, 8]


def test_indices_are_code_points_including_hash() -> None:
    # Hand-derived: "😀 #ab" is 😀(0) space(1) #(2) a(3) b(4); the astral emoji is one code point.
    assert [(h.tag, h.start, h.end) for h in extract_hashtags("😀 #ab")] == [("ab", 2, 5)]


def test_other_platforms_fall_back_to_twitter_rules() -> None:
    assert [h.tag for h in extract_hashtags("a #b_c", platform="instagram")] == ["b_c"]
