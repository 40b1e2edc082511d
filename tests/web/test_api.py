"""The dashboard's JSON API: status, measures with filters, OpenAPI, errors, SSE, `serve --get`."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from groundswell.cli.main import app as cli
from groundswell.web.app import create_app
from tests.report.stores import HOSTILE_TEXT, build_store
from tests.web.server import ingest_elsewhere

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def test_status_and_movements(client: TestClient) -> None:
    status = client.get("/api/status")
    assert status.headers["content-type"] == "application/json"
    assert status.json()["platforms"] == {"twitter": 185, "mastodon": 72}
    assert status.json()["live"]["posts"] == 257
    assert client.get("/api/movements").json() == {"movements": ["metoo"]}


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/status", "/api/movements", "/api/measure", "/api/posts", "/api/events"} <= set(
        paths
    )
    names = {p["name"] for p in paths["/api/measure"]["get"]["parameters"]}
    assert names == {"movement", "platform", "lang", "variant", "from", "to", "interval", "tz"}


def test_filters_change_the_numbers(client: TestClient) -> None:
    every = client.get("/api/measure", params={"movement": "metoo"}).json()
    mastodon = client.get(
        "/api/measure", params={"movement": "metoo", "platform": "mastodon"}
    ).json()
    french = client.get("/api/measure", params={"movement": "metoo", "lang": "fr"}).json()
    hours = client.get("/api/measure", params={"movement": "metoo", "interval": "hour"}).json()
    late = client.get("/api/measure", params={"movement": "metoo", "from": "2017-10-17"}).json()
    assert every["totals"]["posts"] == 251 and mastodon["totals"]["posts"] == 70
    assert french["totals"]["voices"] == "<11"  # a filtered cell of 6 people is suppressed
    assert len(hours["series"]) > len(every["series"]) == 4
    assert late["series"][0]["start"] == "2017-10-17T00:00:00Z"
    assert every["events"] and every["filters"] == {"platform": [], "lang": [], "variant": []}


def test_no_texts_unless_asked(db: Path, client: TestClient) -> None:
    assert HOSTILE_TEXT not in client.get("/api/measure", params={"movement": "metoo"}).text
    hidden = client.get("/api/posts", params={"movement": "metoo", "limit": 200}).json()
    assert hidden["texts"] is False and all("text" not in p for p in hidden["posts"])
    with TestClient(create_app(db, show_texts=True)) as shown:
        posts = shown.get("/api/posts", params={"movement": "metoo", "limit": 200}).json()["posts"]
    assert HOSTILE_TEXT in [p["text"] for p in posts]


def test_errors_are_json_for_the_api_and_html_for_pages(client: TestClient) -> None:
    bad = client.get("/api/measure", params={"movement": "metoo", "from": "soon"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
    assert client.get("/api/measure").status_code == 422
    page = client.get("/static/<script>", headers={"accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text


def test_events_stream(client: TestClient) -> None:
    with client.stream("GET", "/api/events", params={"once": True}) as stream:
        body = "".join(stream.iter_text())
    data = json.loads(body.split("data: ")[1].split("\n")[0])
    assert "event: store" in body and data["posts"] == 257


def test_serve_get_runs_in_process(db: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/api/movements"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"movements": ["metoo"]}
    failed = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/api/measure"])
    assert failed.exit_code == 2


def test_a_writer_elsewhere_makes_reads_wait_not_fail(db: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
            "print('locked', flush=True); time.sleep(1.5)",
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
    with TestClient(create_app(db)) as client:  # open_view retries until the writer is gone
        assert client.get("/api/status").json()["posts"] == 257
    holder.wait(10)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    with TestClient(create_app(copy)) as client:
        before = client.get("/api/status").json()["live"]["posts"]
        assert ingest_elsewhere(copy, tmp_path).wait(60) == 0
        assert client.get("/api/status").json()["live"]["posts"] > before
