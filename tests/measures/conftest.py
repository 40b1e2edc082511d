"""Fixtures for the measures tests: generated stores with known truth and one shared SparkSession."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from groundswell.store import Store
from tests.measures.generator import Truth, fresh_store


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Truth]]:
    """A 13,000-post store: 30 days, surge on day 12, a call to action 'cta'."""
    store, truth = fresh_store(tmp_path_factory.mktemp("small") / "store.duckdb")
    yield store, truth
    store.close()


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Truth]]:
    """A store of more than 100,000 posts with the same shape (scale 3)."""
    store, truth = fresh_store(
        tmp_path_factory.mktemp("large") / "store.duckdb", scale=3, background_per_day=1_080
    )
    assert truth.total_posts >= 100_000
    yield store, truth
    store.close()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local SparkSession (2 cores) for the whole test session."""
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from groundswell.measures import spark_session

    session = spark_session("local[2]", warehouse=Path(tmp_path_factory.mktemp("warehouse")))
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
