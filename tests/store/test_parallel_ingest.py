"""Large files parsed by worker processes give exactly what a serial ingest gives, and survive kill -9."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import zstandard

from groundswell.devtools.replicate import write_replicated
from groundswell.store import IngestOptions, Store
from tests.store.snapshots import ingest_snapshot, shared_sources, table_snapshot


def test_workers_give_what_a_serial_ingest_gives(
    shared_data: Path, key_file: Path, tmp_path: Path
) -> None:
    sources = shared_sources(shared_data)
    serial = ingest_snapshot(tmp_path / "serial.duckdb", sources, IngestOptions(workers=1))
    parallel = ingest_snapshot(
        tmp_path / "parallel.duckdb",
        sources,
        # many chunks per file, so duplicates and edits cross chunk borders
        IngestOptions(workers=2, parallel_min_bytes=0, parallel_chunk_bytes=50_000),
    )
    assert [f.format for f in parallel[0].files] == [f.format for f in serial[0].files]
    for attribute in ("documents", "posts", "direct_posts", "deletions", "quarantined"):
        assert parallel[0].total(attribute) == serial[0].total(attribute), attribute
    assert [f.notes for f in parallel[0].files] == [f.notes for f in serial[0].files]
    assert parallel[0].quarantine_reasons == serial[0].quarantine_reasons
    assert len(serial[1]) > 700
    assert parallel[1] == serial[1]
    assert parallel[2] == serial[2]
    assert table_snapshot(tmp_path / "parallel.duckdb") == table_snapshot(
        tmp_path / "serial.duckdb"
    )


def test_compressed_files_read_by_this_process_give_what_a_serial_ingest_gives(
    shared_data: Path, key_file: Path, tmp_path: Path
) -> None:
    """Plain files are read by the workers themselves, byte range by byte range; compressed ones
    are decompressed here and their blocks handed over. Both give a serial ingest's result."""
    v2 = shared_data / "platforms" / "twitter-v2"
    packed = tmp_path / "packed"
    packed.mkdir()
    (packed / "flat.jsonl.gz").write_bytes(gzip.compress((v2 / "flat.jsonl").read_bytes()))
    (packed / "error.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress((v2 / "streaming_output_with_error.jsonl").read_bytes())
    )
    serial = ingest_snapshot(tmp_path / "serial.duckdb", [packed], IngestOptions(workers=1))
    parallel = ingest_snapshot(
        tmp_path / "parallel.duckdb",
        [packed],
        IngestOptions(workers=2, parallel_min_bytes=0, parallel_chunk_bytes=5_000),
    )
    assert serial[0].total("quarantined") == 1
    assert serial[0].total("direct_posts") >= 100
    for attribute in ("documents", "posts", "direct_posts", "quarantined"):
        assert parallel[0].total(attribute) == serial[0].total(attribute), attribute
    assert parallel[1:] == serial[1:]
    assert table_snapshot(tmp_path / "parallel.duckdb") == table_snapshot(
        tmp_path / "serial.duckdb"
    )


_CHILD = """
import sys
from pathlib import Path
from groundswell.store import IngestOptions, Store, ingest
with Store(Path(sys.argv[2])) as store:
    ingest(store, [sys.argv[1]], IngestOptions(workers=2, parallel_min_bytes=0,
                                               parallel_chunk_bytes=1_000_000))
"""


def _counts(db: Path) -> tuple[object, ...]:
    with Store(db) as store:
        row = store.connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE direct), count(DISTINCT author),"
            " count(raw), (SELECT count(*) FROM files) FROM posts"
        ).fetchone()
    assert row is not None
    return row


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pids: list[int]) -> bool:
    """Whether any of ``pids`` still runs (a zombie counts as ended)."""
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            return True
    return False


def test_kill_during_a_parallel_ingest_then_rerun_equals_a_cleaningest_snapshot(
    shared_data: Path, key_file: Path, tmp_path: Path
) -> None:
    source = tmp_path / "big.jsonl"
    write_replicated(shared_data / "platforms/twitter-v2/entities_test.jsonl", source, 12_000)
    env = {**os.environ, "GROUNDSWELL_KEY_FILE": str(key_file)}

    def run(db: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", _CHILD, str(source), str(db)], env=env)

    clean_db = tmp_path / "clean.duckdb"
    started = time.monotonic()
    assert run(clean_db).wait(timeout=600) == 0
    clean_seconds = time.monotonic() - started
    clean = _counts(clean_db)
    assert clean[1] >= 12_000

    crashed_db = tmp_path / "crashed.duckdb"
    process = run(crashed_db)
    time.sleep(max(clean_seconds * 0.6, 1.0))
    was_running = process.poll() is None
    workers = _children(process.pid)
    # kill -9 the ingest process: its workers notice and leave by themselves
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if was_running:
        assert workers, "the ingest had started its workers"
        deadline = time.monotonic() + 60
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(workers), "workers outlived the killed ingest"
    if was_running:
        partial = _counts(crashed_db)
        assert partial[1] < clean[1]  # it really stopped part way
        assert partial[4] == 0  # the file is not marked as ingested

    assert run(crashed_db).wait(timeout=600) == 0
    assert _counts(crashed_db) == clean
