"""An ingest runs under a low DuckDB memory limit that rises only when a batch needs more: the
result is that of an ingest without a limit, and the connection's own settings come back."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from groundswell.store import IngestOptions, Store, bulk_settings
from groundswell.store.bulk_settings import BulkSettings, size_bytes
from tests.store.snapshots import ingest_snapshot, shared_sources, table_snapshot


def test_duckdb_sizes_are_read_in_bytes() -> None:
    assert size_bytes("256.0 MiB") == 256 << 20
    assert size_bytes("18.6 GiB") == int(18.6 * (1 << 30))
    assert size_bytes("64MB") == 64_000_000
    assert size_bytes("unlimited") is None


def test_a_starved_ingest_raises_its_limit_and_stores_what_an_unlimited_one_stores(
    shared_data: Path, key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = shared_sources(shared_data)
    plain = ingest_snapshot(tmp_path / "plain.duckdb", sources, IngestOptions(workers=1))
    assert plain[0].memory_limit_raised == 0
    # Far too little for any batch: every write first fails, then succeeds once the limit rose.
    monkeypatch.setattr(bulk_settings, "START_LIMIT_BYTES", 1 << 20)
    starved = ingest_snapshot(tmp_path / "starved.duckdb", sources, IngestOptions(workers=1))
    assert starved[0].memory_limit_raised > 0
    assert starved[1] == plain[1] and starved[2] == plain[2]
    assert table_snapshot(tmp_path / "starved.duckdb") == table_snapshot(tmp_path / "plain.duckdb")


def _settings(store: Store) -> tuple[str, str]:
    row = store.connection.execute(
        "SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')"
    ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_default_settings_come_back_exactly(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        before = _settings(store)
        settings = BulkSettings(store.connection)
        settings.apply()
        assert _settings(store) != before
        settings.restore()
        assert _settings(store) == before


def test_the_limit_never_rises_above_the_users_own_and_gives_up_there(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.connection.execute("SET memory_limit = '1GB'")
        settings = BulkSettings(store.connection)
        settings.apply()
        assert settings.limit_bytes == bulk_settings.START_LIMIT_BYTES
        while settings.raise_limit():
            pass
        assert settings.limit_bytes == size_bytes("953.6 MiB")
        calls: list[int] = []

        def always_short() -> None:
            calls.append(1)
            raise duckdb.OutOfMemoryException("failed to pin block")

        with pytest.raises(duckdb.OutOfMemoryException):
            settings.retrying(always_short)
        assert calls == [1]
        settings.restore()
        limit = size_bytes(_settings(store)[0])
        assert limit is not None and abs(limit - 1_000_000_000) < 1_000_000
