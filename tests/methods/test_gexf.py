"""GEXF 1.3 and CSV export of a diffusion forest: parses, counts, names allowed by the spec."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from xml.etree import ElementTree as ET

from groundswell.methods.cascades import Forest, build_forest, reconstruct_parents
from groundswell.methods.gexf import edge_list_csv, forest_gexf

NS = "{http://gexf.net/1.3}"

# Element -> attributes allowed by the GEXF 1.3 schema (github.com/gephi/gexf, 1.3/gexf.rnc and
# 1.3/dynamics.rnc), transcribed for the elements a dynamic graph with attributes can use.
ALLOWED = {
    "gexf": {"version", "variant"},
    "meta": {"lastmodifieddate"},
    "creator": set(),
    "description": set(),
    "keywords": set(),
    "graph": {
        "defaultedgetype",
        "idtype",
        "timeformat",
        "start",
        "end",
        "timestamp",
        "mode",
        "timerepresentation",
        "timezone",
    },
    "attributes": {"class"},
    "attribute": {"id", "title", "type"},
    "nodes": {"count"},
    "node": {"id", "label", "pid", "start", "end", "intervals", "timestamp", "timestamps"},
    "edges": {"count"},
    "edge": {
        "id",
        "type",
        "label",
        "source",
        "target",
        "weight",
        "kind",
        "start",
        "end",
        "intervals",
        "timestamp",
        "timestamps",
    },
    "attvalues": set(),
    "attvalue": {"for", "value", "start", "end", "timestamp"},
}
ATTRIBUTE_TYPES = {"integer", "long", "double", "float", "boolean", "string", "anyURI"}

T0 = 1508068800.0  # 2017-10-15T12:00:00Z


def _forest() -> Forest:
    return build_forest(
        [
            ("R", None, "r", T0),
            ("B", "R", "b", T0 + 60),
            ("C", "R", "c", T0 + 120),
            ("X", "missing", "x", T0 + 180),
        ]
    )


def test_gexf_parses_with_right_counts_and_spec_names() -> None:
    text = forest_gexf(_forest())
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == NS + "gexf"
    assert root.get("version") == "1.3"
    for element in root.iter():
        assert element.tag.startswith(NS)
        name = element.tag[len(NS) :]
        assert name in ALLOWED, name
        assert set(element.attrib) <= ALLOWED[name], (name, element.attrib)
    graph = root.find(NS + "graph")
    assert graph is not None
    assert graph.get("mode") == "dynamic"
    assert graph.get("timeformat") == "dateTime"
    assert graph.get("defaultedgetype") == "directed"
    nodes = root.findall(f"{NS}graph/{NS}nodes/{NS}node")
    edges = root.findall(f"{NS}graph/{NS}edges/{NS}edge")
    assert len(nodes) == 4
    assert len(edges) == 2
    assert root.find(f"{NS}graph/{NS}nodes").get("count") == "4"  # type: ignore[union-attr]
    assert root.find(f"{NS}graph/{NS}edges").get("count") == "2"  # type: ignore[union-attr]
    for attribute in root.iter(NS + "attribute"):
        assert attribute.get("type") in ATTRIBUTE_TYPES


def test_gexf_times_and_attributes() -> None:
    root = ET.fromstring(forest_gexf(_forest()).encode("utf-8"))
    node_b = next(n for n in root.iter(NS + "node") if n.get("id") == "B")
    assert node_b.get("start") == "2017-10-15T12:01:00"
    assert datetime.fromisoformat(node_b.get("start", "")) == datetime(2017, 10, 15, 12, 1)
    declared = {
        a.get("id"): a.get("title")
        for block in root.iter(NS + "attributes")
        if block.get("class") == "node"
        for a in block.iter(NS + "attribute")
    }
    values = {declared[v.get("for")]: v.get("value") for v in node_b.iter(NS + "attvalue")}
    assert values == {"author": "b", "root": "R", "dangling": "false"}
    node_x = next(n for n in root.iter(NS + "node") if n.get("id") == "X")
    assert any(v.get("value") == "true" for v in node_x.iter(NS + "attvalue"))
    pairs = {(e.get("source"), e.get("target"), e.get("start")) for e in root.iter(NS + "edge")}
    assert pairs == {("R", "B", "2017-10-15T12:01:00"), ("R", "C", "2017-10-15T12:02:00")}


def test_gexf_reconstructed_view() -> None:
    forest = _forest()
    rebuilt = reconstruct_parents(forest, {"c": {"b"}})
    root = ET.fromstring(forest_gexf(forest, rebuilt, view="follows").encode("utf-8"))
    pairs = {(e.get("source"), e.get("target")) for e in root.iter(NS + "edge")}
    assert pairs == {("R", "B"), ("B", "C")}
    assert {v.get("value") for e in root.iter(NS + "edge") for v in e.iter(NS + "attvalue")} == {
        "follows"
    }


def test_edge_list_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(edge_list_csv(_forest()))))
    assert len(rows) == 2
    assert rows[0] == {
        "source": "R",
        "target": "B",
        "source_author": "r",
        "target_author": "b",
        "time": "2017-10-15T12:01:00",
        "root": "R",
        "view": "platform",
    }
