"""Cascades on a hand-built store (METHODS §4 fixture), exports, and the Spark install hint."""

from __future__ import annotations

import builtins
import csv
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pyarrow as pa
import pytest

from groundswell.errors import MissingDependencyError
from groundswell.measures import measure_movement, spark_engine, write_edge_list, write_gexf
from groundswell.measures.cascades import split_key
from groundswell.measures.forest import _sorted
from groundswell.methods.cascades import cascade_stats, node_reach, person_reach
from groundswell.store import Store
from tests.measures.generator import EPOCH, MOVEMENT, Truth, _Rows, _write


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


def test_arrays_give_what_the_plain_python_forest_gives(small: tuple[Store, Truth]) -> None:
    """The vectorised views, seeds and arrivals against `methods.cascades` on the dict forest."""
    store, truth = small
    result = measure_movement(store, MOVEMENT, call_to_action=[truth.call_to_action])
    diffusion = result.diffusion
    forest = diffusion.forest
    parents = forest.parents
    assert dict(diffusion.views[0].parents) == parents
    authors = {k: r.author for k, r in forest.nodes.items()}
    firsts = diffusion.first_posts
    assert len(firsts) == truth.cumulative_voices[-1]
    cascades = tuple(c for c in cascade_stats(parents) if c.size > 1)[:20]
    assert diffusion.views[0].cascades == cascades
    reach = person_reach(parents, authors, firsts)
    ranked = sorted(
        ((k, r) for k, r in reach.items() if split_key(k)[1]),
        key=lambda item: (-item[1].total, -item[1].new_voices, item[0]),
    )[:20]
    assert [(p.platform, p.author, p.reach) for p in diffusion.views[0].people] == [
        (*split_key(k), r) for k, r in ranked
    ]
    window = result.origin.ignition_window
    assert window is not None
    inside = {n for n in firsts if window[0] <= diffusion.times[n] < window[1]}
    expected = {n: r.new_voices for n, r in node_reach(parents, inside).items()}
    assert diffusion.brought(window) == expected
    assert diffusion.arrivals(*window) == sorted(diffusion.times[n] for n in inside)
    assert result.origin.seeds[0].new_voices_brought == expected["twitter\x1fcta"]


def test_forest_order_ties_and_a_post_given_twice(tmp_path: Path) -> None:
    rows = _Rows()
    for pid, platform in (("b", "twitter"), ("a", "twitter"), ("z", "mastodon")):
        rows.post(pid, f"u{pid}", "original", EPOCH, tags=("MeToo",), platform=platform)
        rows.match(pid, "#MeToo", platform=platform)
    rows.post("r", "ur", "repost", EPOCH + timedelta(minutes=1), parent="b")
    rows.match("r", "reposts b (#MeToo)", repost=True)
    store = Store(tmp_path / "store.duckdb")
    _write(store, rows)
    # "a" is matched and given as a call to action: one node, counted as matched
    result = measure_movement(store, MOVEMENT, call_to_action=[("twitter", "a")])
    posts = result.diffusion.posts
    assert posts.keys(range(len(posts))) == [
        "mastodon\x1fz",
        "twitter\x1fa",
        "twitter\x1fb",
        "twitter\x1fr",
    ]
    assert posts.parent.tolist() == [-1, -1, -1, 2]
    assert posts.first.tolist() == [True, True, True, False]
    table = pa.table({"created_at": [1, 1], "platform": ["t", "t"], "id": ["b", "a"]})
    table = table.append_column("unmatched", pa.array([False, False]))
    assert not _sorted(table, np.array([1, 1]))
    assert _sorted(table.take([1, 0]), np.array([1, 1]))


def test_a_movement_without_posts(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty.duckdb")
    _write(store, _Rows())
    result = measure_movement(store, MOVEMENT).to_json_dict()
    assert result["amplifiers"]["cascades"] == [] and result["amplifiers"]["people"] == []
    assert result["origin"]["seed_posts"] == []


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
