"""The report in chromium with the network off: every chart shows, nothing from data executes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from groundswell.report import load_measure, open_view, write_report
from tests.report.browser import ARTIFACTS, INJECTED, chromium
from tests.report.factory import measure_dict
from tests.report.stores import build_store

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("source", ["dict", "store"])
def test_report_opens_offline_with_every_chart(source: str, tmp_path: Path) -> None:
    if source == "dict":
        result = measure_dict()
    else:
        with open_view(build_store(tmp_path / "db")) as view:
            result = load_measure(view, "metoo")
    written = write_report(result, tmp_path / "out")
    with chromium() as browser:
        context = browser.new_context(offline=True)
        page = context.new_page()
        dialogs: list[str] = []
        requests: list[str] = []

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(written.html.as_uri())
        page.wait_for_load_state("load")
        widths = page.eval_on_selector_all(
            "img", "imgs => imgs.map(i => i.complete && i.naturalWidth)"
        )
        assert len(widths) == len(written.charts) and all(w and w > 0 for w in widths)
        assert dialogs == []
        assert page.evaluate(INJECTED) == {
            "scripts": 0,
            "foreignImages": 0,
            "handlers": 0,
            "bold": 0,
        }
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{source}.png"), full_page=True)
        context.close()
