"""Shared test fixtures: the path of the real payloads in ../shared/data, a fresh key, a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real third-party payloads, read in place (never copied into the repo)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: the tests read real payloads from ../shared/data")
    return SHARED_DATA


@pytest.fixture()
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh key file location for this test (created on first use)."""
    path = tmp_path / "keys" / "groundswell.key"
    monkeypatch.setenv("GROUNDSWELL_KEY_FILE", str(path))
    return path
