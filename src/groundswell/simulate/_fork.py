"""Run some writers in a forked process while this process writes the rest (a second core).

The child inherits the simulated world without copying it. It only computes, writes its files and
reports the lines written through a pipe, then leaves with ``os._exit``: it runs none of this
process's exit code and flushes none of its streams, so locks that another thread (a progress
spinner's) held at the fork are never waited on.
"""

from __future__ import annotations

import json
import os
import signal
import traceback
import warnings
from collections.abc import Callable
from typing import Any, NoReturn

from groundswell.errors import GroundswellError

__all__ = ["Apart", "can_fork"]

Files = dict[str, int]


def can_fork() -> bool:
    """True where processes can fork (not on Windows)."""
    return hasattr(os, "fork")


class Apart:
    """``work()`` started now: in a forked child when ``fork`` is true, else right here.

    Writers draw from their own random streams, so the bytes written do not depend on which
    process writes them or in what order.
    """

    def __init__(self, work: Callable[[], Files], *, fork: bool) -> None:
        self._files: Files | None = None
        self._pid = 0
        if not fork:
            self._files = work()
            return
        read, write = os.pipe()
        with warnings.catch_warnings():  # Python 3.12+ warns of threads; see the module docstring
            warnings.filterwarnings("ignore", ".*fork", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(work, write)  # never returns
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> Files:
        """The child's result once it has finished; a ``GroundswellError`` if it failed."""
        if not self._pid:
            assert self._files is not None
            return self._files
        with os.fdopen(self._read, "rb") as pipe:
            raw = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        report: dict[str, Any] = (
            json.loads(raw) if raw else {"error": f"it ended with wait status {status}"}
        )
        if "error" in report:
            raise GroundswellError(
                f"simulate: writing in a second process failed:\n{report['error']}"
            )
        files: Files = report["files"]
        return files

    def cancel(self) -> None:
        """Stop the child and wait for it (this process failed: its files will not be used)."""
        if self._pid:
            os.kill(self._pid, signal.SIGTERM)
            os.waitpid(self._pid, 0)
            os.close(self._read)
            self._pid = 0


def _child(work: Callable[[], Files], write: int) -> NoReturn:
    """In the forked child: do the work, report it on ``write`` and exit at once."""
    code = 0
    report: dict[str, Any]
    try:
        report = {"files": work()}
    except BaseException:
        report, code = {"error": traceback.format_exc()}, 1
    try:
        data = json.dumps(report).encode()
        while data:
            data = data[os.write(write, data) :]
    finally:
        os._exit(code)
