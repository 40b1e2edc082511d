"""Export a diffusion forest as dynamic GEXF 1.3 (for Gephi) and as a CSV edge list.

GEXF 1.3 as specified at gexf.net (schema github.com/gephi/gexf, ``1.3/gexf.rnc`` and
``1.3/dynamics.rnc``): root ``<gexf xmlns="http://gexf.net/1.3" version="1.3">``, then ``<meta>``,
``<graph mode="dynamic" timeformat="dateTime" timezone="UTC" defaultedgetype="directed">`` holding
``<attributes class="node|edge">`` declarations, ``<nodes>`` and ``<edges>``. Each node and edge
has a ``start`` (the post's time; open-ended, so it stays visible once it appeared) and
``<attvalues>``. Edges point from the post that was spread to the post that spread it (parent to
child), the direction of flow.

Times are seconds since the epoch, written as naive UTC ``xsd:dateTime`` (the graph's
``timezone`` says UTC). Authors are whatever the caller passes: the store only holds pseudonyms.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from groundswell.methods.cascades import Forest, roots_of

__all__ = ["CSV_COLUMNS", "GEXF_NAMESPACE", "edge_list_csv", "forest_gexf", "iso_time"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
_NODE_ATTRIBUTES = (
    ("0", "author", "string"),
    ("1", "root", "string"),
    ("2", "dangling", "boolean"),
)
_EDGE_ATTRIBUTES = (("0", "view", "string"),)
CSV_COLUMNS = ("source", "target", "source_author", "target_author", "time", "root", "view")


def iso_time(seconds: float) -> str:
    """Return epoch seconds as a naive UTC ``xsd:dateTime`` (``2017-10-15T12:00:00``)."""
    moment = datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds" if seconds % 1 else "seconds")


def _declare(graph: ET.Element, klass: str, attributes: tuple[tuple[str, str, str], ...]) -> None:
    block = ET.SubElement(graph, "attributes", {"class": klass})
    for key, title, kind in attributes:
        ET.SubElement(block, "attribute", {"id": key, "title": title, "type": kind})


def _values(element: ET.Element, values: Mapping[str, str]) -> None:
    block = ET.SubElement(element, "attvalues")
    for key, value in values.items():
        ET.SubElement(block, "attvalue", {"for": key, "value": value})


def forest_gexf(
    forest: Forest,
    parents: Mapping[str, str | None] | None = None,
    view: str = "platform",
    description: str = "groundswell diffusion forest",
) -> str:
    """Return a dynamic GEXF 1.3 document of the forest.

    ``parents`` selects the view (default: the platform's references; pass the result of
    `reconstruct_parents` for the follow-based view) and ``view`` names it in each edge.
    """
    links = forest.parents if parents is None else parents
    root = roots_of(links)
    gexf = ET.Element("gexf", {"xmlns": GEXF_NAMESPACE, "version": "1.3"})
    meta = ET.SubElement(gexf, "meta")
    ET.SubElement(meta, "creator").text = "groundswell"
    ET.SubElement(meta, "description").text = description
    graph = ET.SubElement(
        gexf,
        "graph",
        {
            "mode": "dynamic",
            "timeformat": "dateTime",
            "timezone": "UTC",
            "defaultedgetype": "directed",
        },
    )
    _declare(graph, "node", _NODE_ATTRIBUTES)
    _declare(graph, "edge", _EDGE_ATTRIBUTES)
    nodes = ET.SubElement(graph, "nodes", {"count": str(len(forest.nodes))})
    for node_id, ref in forest.nodes.items():
        node = ET.SubElement(
            nodes, "node", {"id": node_id, "label": ref.author, "start": iso_time(ref.time)}
        )
        dangling = "true" if node_id in forest.dangling else "false"
        _values(node, {"0": ref.author, "1": root[node_id], "2": dangling})
    pairs = [(p, c) for c, p in links.items() if p is not None]
    edges = ET.SubElement(graph, "edges", {"count": str(len(pairs))})
    for number, (parent, child) in enumerate(pairs):
        attributes = {
            "id": str(number),
            "source": parent,
            "target": child,
            "start": iso_time(forest.nodes[child].time),
        }
        _values(ET.SubElement(edges, "edge", attributes), {"0": view})
    ET.indent(gexf)
    body = ET.tostring(gexf, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def edge_list_csv(
    forest: Forest, parents: Mapping[str, str | None] | None = None, view: str = "platform"
) -> str:
    """Return the edges as CSV with columns ``CSV_COLUMNS`` (time: the target's, ISO UTC)."""
    links = forest.parents if parents is None else parents
    root = roots_of(links)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for child, parent in links.items():
        if parent is None:
            continue
        target = forest.nodes[child]
        writer.writerow(
            [
                parent,
                child,
                forest.nodes[parent].author,
                target.author,
                iso_time(target.time),
                root[child],
                view,
            ]
        )
    return out.getvalue()
