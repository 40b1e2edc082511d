"""The dashboard in chromium: no console errors, filters redraw, nothing from data executes, live updates."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.report.browser import ARTIFACTS, INJECTED, chromium
from tests.report.stores import HOSTILE_AUTHOR, HOSTILE_TAG, HOSTILE_TEXT, build_store
from tests.web.server import ingest_elsewhere, serving

pytestmark = pytest.mark.browser


def _watch(page: Any) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return errors, dialogs


def _wait(page: Any, condition: str, timeout: float = 10.0) -> None:
    """Poll ``condition`` (a JS expression) from outside: the page's CSP forbids Playwright's eval."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({condition})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {condition}")
        time.sleep(0.05)


def _headline(page: Any) -> dict[str, str]:
    return {
        k: page.inner_text(f"#total-{k} b") for k in ("voices", "new_voices", "amplifiers", "posts")
    }


def test_dashboard_filters_redraw_and_data_stays_text(tmp_path: Path) -> None:
    db = build_store(tmp_path)
    with serving(db, show_texts=True) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, dialogs = _watch(page)
        page.goto(url)
        _wait(page, "document.body.dataset.query && document.querySelector('#table-posts table')")
        before, path_before = (
            _headline(page),
            page.get_attribute("#chart-voices path[data-key=voices]", "d"),
        )
        assert before["posts"] == "251"
        assert HOSTILE_TEXT in page.inner_text("#table-posts")  # shown, as text
        assert HOSTILE_TAG in page.inner_text("#table-hashtags")
        assert HOSTILE_AUTHOR in page.inner_text("#table-posts")
        page.select_option("#f-platform", "mastodon")
        _wait(page, "document.body.dataset.query.includes('platform=mastodon')")
        after, path_after = (
            _headline(page),
            page.get_attribute("#chart-voices path[data-key=voices]", "d"),
        )
        assert after["posts"] == "70" and after != before and path_after != path_before
        page.select_option("#f-interval", "hour")
        _wait(page, "document.body.dataset.query.includes('interval=hour')")
        assert page.get_attribute("#chart-voices path[data-key=voices]", "d") != path_after
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        assert page.evaluate(INJECTED) == {
            "scripts": 0,
            "foreignImages": 0,
            "handlers": 0,
            "bold": 0,
        }
        assert dialogs == [] and errors == []


def test_dashboard_shows_posts_ingested_by_another_process(tmp_path: Path) -> None:
    db = build_store(tmp_path)
    with serving(db) as url, chromium() as browser:
        page = browser.new_page()
        errors, dialogs = _watch(page)
        page.goto(url)
        _wait(
            page,
            "document.body.dataset.query && document.getElementById('live').textContent.includes('version')",
        )
        before = _headline(page)["posts"]
        assert ingest_elsewhere(db, tmp_path).wait(60) == 0
        done = time.monotonic()
        _wait(page, f"document.querySelector('#total-posts b').textContent !== '{before}'", 5)
        waited = time.monotonic() - done
        assert int(_headline(page)["posts"].replace(",", "")) > int(before)
        assert "bluesky" in page.inner_text("#table-platform")
        print(f"live update shown {waited:.2f} s after the other process committed")
        assert errors == [] and dialogs == []
