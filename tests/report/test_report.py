"""The report: sections, release rules (small cells, no texts, no ids), escaping, and the CLI."""

from __future__ import annotations

import json
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app
from groundswell.report import Filters, load_measure, open_view, release, write_report
from tests.report.factory import measure_dict
from tests.report.stores import HOSTILE_TAG, build_store

SECTIONS = [
    "headline",
    "voices",
    "cumulative",
    "bursts",
    "origin",
    "amplifiers",
    "breakdowns",
    "magnitude",
    "categories",
    "caveats",
    "method",
]


class Page(HTMLParser):
    """Collects ids, tags and URL attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        self.urls += [str(v) for k, v in attrs if k in ("src", "href", "action", "srcset") and v]
        if tag == "img":
            self.images.append(found)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_report(measure_dict(), out)
    return out


def test_report_has_every_section_and_chart(report_dir: Path) -> None:
    page = parse(report_dir / "index.html")
    assert set(SECTIONS) <= page.ids
    names = {p.stem for p in report_dir.glob("*.png")}
    assert names == {
        "voices",
        "cumulative",
        "origin",
        "by-platform",
        "by-language",
        "by-variant",
        "cascades",
    }
    assert len(page.images) == len(names)
    for image in page.images:
        assert str(image["src"]).startswith("data:image/png;base64,")
        assert len(str(image["alt"])) > 40  # a sentence, not a label
    assert "script" not in page.tags
    html = (report_dir / "index.html").read_text("utf-8")
    assert "<span>New voices</span><b>435</b>" in html  # 20 + 390 + 25, the series' new voices


@pytest.mark.parametrize("command", ["report", "serve"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and f"Example: groundswell {command}" in result.output


def test_report_links_nothing_outside(report_dir: Path) -> None:
    assert all(url.startswith(("data:", "#")) for url in parse(report_dir / "index.html").urls)


def test_report_json_is_released(report_dir: Path) -> None:
    data = json.loads((report_dir / "report.json").read_text("utf-8"))
    assert data["schema"] == "groundswell.measure/1"
    platform = {row["key"]: row for row in data["breakdown"]["platform"]}
    assert platform["bluesky"]["voices"] == "<11" and platform["bluesky"]["posts"] == "<11"
    # one hidden cell would follow from the total: the next smallest of the column is hidden too
    assert platform["mastodon"]["voices"] == "suppressed"
    assert platform["twitter"]["voices"] == 400
    assert "SECRET POST TEXT" not in json.dumps(data)
    assert "920067975016624128" not in json.dumps(data)  # post ids lead to their authors
    assert data["amplifiers"]["cascades"][0]["root"] == "cascade 1"
    assert "METHODS" in data["release"]["policy"]


def test_texts_appear_only_when_asked(tmp_path: Path) -> None:
    write_report(measure_dict(), tmp_path / "with", include_texts=True)
    assert "SECRET POST TEXT" in (tmp_path / "with" / "index.html").read_text("utf-8")
    write_report(measure_dict(), tmp_path / "without")
    assert "SECRET POST TEXT" not in (tmp_path / "without" / "index.html").read_text("utf-8")


def test_data_is_escaped(report_dir: Path) -> None:
    html = (report_dir / "index.html").read_text("utf-8")
    hostile = [
        "<script>alert(1)</script>",
        "<b>bold</b>",
        "<img src=x onerror=alert(3)>",
        "alert(4)</script>",
    ]
    assert [raw for raw in hostile if raw in html] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_estimates_show_intervals_and_flag_bare_numbers(report_dir: Path) -> None:
    html = (report_dir / "index.html").read_text("utf-8")
    for word in ("interval_low", "interval_high", "assumptions", "ci_low"):
        assert word in html
    assert html.count("No interval given") == 1  # only the bare estimate


def test_release_leaves_the_input_alone() -> None:
    data = measure_dict()
    release(data)
    assert data == measure_dict()


def _derivable(series: list[dict[str, Any]], total: Any) -> bool:
    """True when some hidden new-voices cell follows from shown cumulative values (and total)."""
    points = [(-1, 0)] + [
        (i, r["cumulative_voices"])
        for i, r in enumerate(series)
        if isinstance(r["cumulative_voices"], int)
    ]
    if isinstance(total, int):
        points.append((len(series), total))
    for (a, _), (b, _) in zip(points, points[1:], strict=False):
        hidden = [
            i
            for i in range(a + 1, min(b + 1, len(series)))
            if not isinstance(series[i]["new_voices"], int)
        ]
        if len(hidden) == 1:
            return True
    return False


def test_filtered_series_hide_small_cells_underivably() -> None:
    rng = random.Random(7)
    for _ in range(300):
        news = [rng.choice([0, 0, 1, 3, 9, 12, 40, 200]) for _ in range(rng.randint(1, 12))]
        series, cumulative = [], 0
        for n in news:
            cumulative += n
            series.append(
                {
                    "start": "2017-10-15T00:00:00Z",
                    "posts": n,
                    "voices": n,
                    "new_voices": n,
                    "cumulative_voices": cumulative,
                    "amplifiers": 0,
                    "new_amplifiers": 0,
                }
            )
        totals = {
            "posts": cumulative,
            "voices": cumulative,
            "amplifiers": 0,
            "both": 0,
            "direct_posts": cumulative,
        }
        data = release(measure_dict(series=series, totals=totals, filters={"lang": ["is"]}))
        released = data["series"]
        assert all(
            r["new_voices"] in ("<11", "suppressed") or not 1 <= r["new_voices"] <= 10
            for r in released
        )
        assert not _derivable(released, data["totals"]["voices"]), news


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("store"))


def test_report_from_a_store_keeps_posts_out(store: Path, tmp_path: Path) -> None:
    with open_view(store) as view:
        result = load_measure(view, "metoo")
    written = write_report(result, tmp_path)
    html = written.html.read_text("utf-8")
    assert "Alyssa Milano" in html  # key events come from the definition
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    assert "post t0-0" not in html and "post t0-0" not in written.json.read_text("utf-8")
    assert HOSTILE_TAG not in html


def test_filters_narrow_the_measure(store: Path) -> None:
    with open_view(store, Filters(platforms=("mastodon",))) as view:
        mastodon = load_measure(view, "metoo")
    with open_view(store) as view:
        everything = load_measure(view, "metoo")
    assert 0 < mastodon["totals"]["posts"] < everything["totals"]["posts"]
    assert [r["key"] for r in mastodon["breakdown"]["platform"]] == ["mastodon"]


def test_report_command(store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--db", str(store), "--movement", "metoo", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").exists() and (tmp_path / "r" / "report.json").exists()
    missing = CliRunner().invoke(
        app,
        [
            "report",
            "--db",
            str(tmp_path / "none.duckdb"),
            "--movement",
            "metoo",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert missing.exit_code == 2 and "no store" in " ".join(missing.output.split())
