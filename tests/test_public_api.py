"""The public API: sorted ``__all__`` lists that name what exists, and twitter-text's entry point."""

from __future__ import annotations

import importlib

import pytest

import groundswell

PACKAGES = ["groundswell", "groundswell.model", "groundswell.text", "groundswell.movements",
            "groundswell.store", "groundswell.measures", "groundswell.privacy",
            "groundswell.report", "groundswell.estimate", "groundswell.classify"]


def _isort_key(name: str) -> tuple[int, str]:
    """isort's order (as ruff's RUF022): CONSTANTS, then Classes, then functions."""
    stripped = name.strip("_")
    rank = 0 if stripped.isupper() else 1 if stripped[:1].isupper() else 2
    return rank, name


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_every_name_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_isort_key), name
    for attribute in exported:
        assert getattr(module, attribute) is not None, (name, attribute)


def test_extract_hashtags_is_public_with_code_point_indices() -> None:
    found = groundswell.extract_hashtags("me too #MeToo and #YoTambién", platform="twitter")
    assert [(h.tag, h.start, h.end) for h in found] == [("MeToo", 7, 13), ("YoTambién", 18, 28)]
    bluesky = groundswell.extract_hashtags("é #tag", platform="bluesky")
    assert [(h.tag, h.start, h.end) for h in bluesky] == [("tag", 3, 7)]
