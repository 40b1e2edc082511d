"""Cascades on a hand-built store (METHODS §4 fixture), exports, and the Spark install hint."""

from __future__ import annotations

import builtins
import csv
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from groundswell.errors import MissingDependencyError
from groundswell.measures import measure_movement, spark_engine, write_edge_list, write_gexf
from groundswell.store import Store
from tests.measures.generator import EPOCH, MOVEMENT, _Rows, _write


@pytest.fixture()
def fixture_store(tmp_path: Path) -> Store:
    """R (by r) is reposted by b at t1 and by c at t2 > t1; c follows b; b and c follow r."""
    rows = _Rows()
    rows.post("R", "r", "original", EPOCH, tags=("MeToo",))
    rows.match("R", "#MeToo")
    rows.post("B", "b", "repost", EPOCH + timedelta(minutes=1), parent="R")
    rows.match("B", "reposts R (#MeToo)", repost=True)
    rows.post("C", "c", "repost", EPOCH + timedelta(minutes=2), parent="R")
    rows.match("C", "reposts R (#MeToo)", repost=True)
    store = Store(tmp_path / "store.duckdb")
    _write(store, rows)
    return store


def _follows(tmp_path: Path) -> Path:
    path = tmp_path / "follows.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["follower", "followed"])
        writer.writerows([["b", "r"], ["c", "r"], ["c", "b"]])
    return path


def test_root_attributed_and_reconstructed_views(fixture_store: Store, tmp_path: Path) -> None:
    result = measure_movement(fixture_store, MOVEMENT, follows=_follows(tmp_path))
    root_view, rebuilt = result.diffusion.views
    assert root_view.parents["twitter\x1fC"] == "twitter\x1fR"
    assert rebuilt.parents["twitter\x1fC"] == "twitter\x1fB"
    reach = {p.author: p.reach.total for p in rebuilt.people}
    assert reach["r"] == 2 and reach["b"] == 1
    assert {p.author: p.reach.total for p in root_view.people}["b"] == 0
    amplifiers = result.to_json_dict()["amplifiers"]
    assert amplifiers["view"] == "root-attributed"
    assert amplifiers["reconstructed"]["cascades"][0]["depth"] == 2
    assert amplifiers["cascades"][0]["structural_virality"] == pytest.approx(4 / 3)  # star of 3


def test_gexf_and_edge_list(fixture_store: Store, tmp_path: Path) -> None:
    result = measure_movement(fixture_store, MOVEMENT, follows=_follows(tmp_path))
    gexf = write_gexf(result.diffusion, tmp_path / "f.gexf", view="reconstructed")
    edges = ET.parse(gexf).getroot().findall(".//{http://gexf.net/1.3}edge")
    assert {(e.get("source"), e.get("target")) for e in edges} == {
        ("twitter:R", "twitter:B"),
        ("twitter:B", "twitter:C"),
    }
    table = write_edge_list(result.diffusion, tmp_path / "e.csv").read_text().splitlines()
    assert table[0].startswith("source,target,source_author,target_author")
    assert sorted(line.split(",")[1] for line in table[1:]) == ["twitter:B", "twitter:C"]


def test_missing_pyspark_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith(("pyspark", "ibis.backends.pyspark")):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependencyError, match=r"pip install 'groundswell\[spark\]'"):
        spark_engine(tmp_path)
