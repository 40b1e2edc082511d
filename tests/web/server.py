"""Running the dashboard on a free loopback port in a thread, and ingesting from another process."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from groundswell.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
INGEST = """
import sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from groundswell.errors import StoreError
from tests.report.stores import add_posts, twitter_rows, write_csv
csv = write_csv(Path({csv!r}), twitter_rows("late", days=1, hostile=False))
for attempt in range(200):
    try:
        add_posts(Path({db!r}), csv, "bluesky")
        break
    except StoreError:
        time.sleep(0.05)  # the dashboard is reading: DuckDB lets one process at a time open it
else:
    raise SystemExit("the store stayed locked")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path, *, show_texts: bool = False) -> Iterator[str]:
    """Serve the dashboard for ``db``; yield its base URL."""
    config = uvicorn.Config(
        create_app(db, show_texts=show_texts),
        host="127.0.0.1",
        port=free_port(),
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


def ingest_elsewhere(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    """Start another process that ingests 30-odd Bluesky posts of #MeToo into ``db``."""
    script = INGEST.format(repo=str(REPO), csv=str(folder / "late.csv"), db=str(db))
    return subprocess.Popen([sys.executable, "-c", script])
