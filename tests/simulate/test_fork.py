"""Writers run apart in a forked process: results come back, failures become GroundswellErrors."""

from __future__ import annotations

import threading

import pytest

from groundswell.errors import GroundswellError
from groundswell.simulate._fork import Apart, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="needs os.fork")


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_result_comes_back(fork: bool) -> None:
    assert Apart(lambda: {"data/x.jsonl": 3}, fork=fork).result() == {"data/x.jsonl": 3}


@needs_fork
def test_a_failing_child_is_a_groundswell_error() -> None:
    def boom() -> dict[str, int]:
        raise RuntimeError("disk full")

    with pytest.raises(GroundswellError, match="disk full"):
        Apart(boom, fork=True).result()


@needs_fork
def test_cancel_stops_the_child() -> None:
    apart = Apart(lambda: {"n": sum(range(10**9))}, fork=True)
    apart.cancel()


@needs_fork
def test_fork_beside_a_thread_holding_the_output_lock(capsys: pytest.CaptureFixture[str]) -> None:
    """A spinner thread may be writing to stdout when the child forks; the child never waits."""
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            print(".", end="", flush=True)

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        for _ in range(5):
            assert Apart(lambda: {"ok": 1}, fork=True).result() == {"ok": 1}
    finally:
        stop.set()
        thread.join()
