"""One suite on every engine: the same store measured on DuckDB and Spark gives identical results."""

from __future__ import annotations

from typing import Any

import pytest

from groundswell.measures import Engine, connect, measure_movement
from groundswell.store import Store
from tests.measures.generator import MOVEMENT, Truth

ENGINE_PARAMS = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
_CACHE: dict[str, dict[str, Any]] = {}


def _engine(name: str, store: Store, request: pytest.FixtureRequest) -> Engine:
    if name == "spark":
        return connect(store, "spark", spark_session=request.getfixturevalue("spark"))
    return connect(store, "duckdb")


def _result(
    name: str, large: tuple[Store, Truth], request: pytest.FixtureRequest
) -> dict[str, Any]:
    if name not in _CACHE:
        store, _ = large
        engine = _engine(name, store, request)
        try:
            result = measure_movement(
                None, MOVEMENT, engine=engine, call_to_action=[("twitter", "cta")]
            )
            _CACHE[name] = result.to_json_dict()
        finally:
            engine.close()
    return _CACHE[name]


@pytest.fixture(params=ENGINE_PARAMS)
def measured(
    request: pytest.FixtureRequest, large: tuple[Store, Truth]
) -> tuple[dict[str, Any], Truth]:
    return _result(request.param, large, request), large[1]


def test_series_equals_truth(measured: tuple[dict[str, Any], Truth]) -> None:
    result, truth = measured
    series = result["series"]
    assert len(series) == truth.days
    assert [s["voices"] for s in series] == truth.voices
    assert [s["new_voices"] for s in series] == truth.new_voices
    assert [s["cumulative_voices"] for s in series] == truth.cumulative_voices
    assert [s["posts"] for s in series] == truth.posts
    assert [s["amplifiers"] for s in series] == truth.amplifiers
    assert [s["all_posts"] for s in series] == truth.all_posts


def test_origin_matches_truth(measured: tuple[dict[str, Any], Truth]) -> None:
    result, truth = measured
    firsts = {u["variant"]: u["id"] for u in result["origin"]["first_uses"]}
    assert firsts == truth.first_use
    assert result["origin"]["seed_posts"][0]["id"] == "cta"
    assert result["origin"]["ignition"] == f"2017-10-{1 + truth.surge_day:02d}T00:00:00Z"


@pytest.mark.parametrize("engine_name", ENGINE_PARAMS)
def test_engines_agree_exactly(
    engine_name: str, large: tuple[Store, Truth], request: pytest.FixtureRequest
) -> None:
    reference = dict(_result("duckdb", large, request))
    other = dict(_result(engine_name, large, request))
    assert other.pop("engine") == engine_name
    reference.pop("engine")
    for key in reference:
        assert other[key] == reference[key], key
