"""Parsing large JSON-lines files in worker processes, one chunk of lines at a time.

The ingest process cuts a file into blocks of whole lines and hands them to a pool of workers:
for a plain file on disk, only each block's byte range and first line number (the worker reads
the bytes itself); for a compressed file or an archive member, the decompressed bytes.
Each worker splits its block into lines, parses them and returns a ``ReadyBatch``
(pseudonymised, sealed, in columns); the ingest process writes the batches in file order,
several to a transaction, so the result and its crash safety are those of a serial ingest.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from groundswell.platforms.base import ParseContext, Unreadable
from groundswell.platforms.registry import get_format
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.sources.files import InputFile
from groundswell.sources.json_docs import Block, Line, block_lines, raw_blocks, split_lines
from groundswell.sources.line_ranges import LineRange, line_ranges, read_range
from groundswell.store.batch import Batch, ReadyBatch

CHUNK_BYTES = 4 << 20
"""Bytes of lines a worker parses at a time."""
COMMIT_BYTES = 32 << 20
"""Bytes of lines whose batches the ingest process commits in one transaction."""


@dataclass(frozen=True)
class FileBlock:
    """A block of whole lines of a plain file, which the worker reads itself.

    Attributes:
        path: the file.
        lines: the first line's number and the block's byte range.
    """

    path: Path
    lines: LineRange


@dataclass(frozen=True)
class ChunkJob:
    """A block of a file's lines and what parsing them needs.

    Attributes:
        name: the file's display name (for sources and messages).
        format: the importer's name.
        block: whole lines (first line number, its byte offset, bytes), an ``Unreadable``
            where the stream broke, or, for a plain file, where the worker reads the lines.
        column_map: the column map of tabular formats.
        options: format options.
    """

    name: str
    format: str
    block: Block | Unreadable | FileBlock
    column_map: Mapping[str, str]
    options: Mapping[str, str]

    def lines(self) -> Iterator[Line | Unreadable]:
        """The job's lines (read from the file here, for a plain file)."""
        if isinstance(self.block, FileBlock):
            return block_lines(read_range(self.block.path, self.name, self.block.lines))
        if isinstance(self.block, Unreadable):
            return iter([self.block])
        return block_lines(self.block)


_WORKER: tuple[Pseudonymizer, Sealer] | None = None


PARENT_CHECK_SECONDS = 0.5
"""How often a worker checks that the ingest process that started it still runs."""


def _exit_with(parent: int) -> None:
    """Leave at once when ``parent`` is gone (killed): nothing else would end this worker,
    which would wait for work forever holding its memory."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _start_worker(keys: KeyRing | None, pseudonyms: bool, parent: int) -> None:
    global _WORKER
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    # Parsing makes many containers and no reference cycles: the cyclic collector only costs.
    gc.disable()
    _WORKER = (Pseudonymizer(keys, enabled=pseudonyms), Sealer(keys))


def parse_chunk(job: ChunkJob) -> ReadyBatch:
    """Parse a chunk into a prepared batch (runs in a worker)."""
    assert _WORKER is not None, "parse_chunk runs in a worker started by ParsePool"
    pseudonyms, sealer = _WORKER
    fmt = get_format(job.format)
    context = ParseContext(pseudonyms, job.column_map, job.options)
    batch = Batch()
    for document in split_lines(job.lines(), job.name):
        batch.add_document(document, fmt, context)
    return batch.prepare(sealer, pseudonyms)


def worker_count() -> int:
    """Worker processes to use: the cores this process may run on (1 where fork is missing)."""
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover (Windows)
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


def _blocks(input_file: InputFile, chunk_bytes: int) -> Iterator[Block | Unreadable | FileBlock]:
    """The file's blocks of lines: byte ranges of a plain file, else the bytes read."""
    if input_file.plain:
        with input_file.path.open("rb") as stream:
            for found in line_ranges(stream, chunk_bytes):
                yield FileBlock(input_file.path, found)
        return
    with input_file.open() as stream:
        yield from raw_blocks(stream, input_file.name, chunk_bytes)


class ParsePool:
    """A pool of parsing workers, started on first use and shared by the files of one ingest."""

    def __init__(self, keys: KeyRing | None, pseudonyms: bool, workers: int) -> None:
        self._keys = keys
        self._pseudonyms = pseudonyms
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # fork: spawn would re-run the caller's main script in every worker, which breaks
            # scripts without a ``__main__`` guard. The workers never touch DuckDB.
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self._keys, self._pseudonyms, os.getpid()),
            )
        return self._executor

    def batches(
        self,
        input_file: InputFile,
        format_name: str,
        context: ParseContext,
        chunk_bytes: int = CHUNK_BYTES,
        per_commit: int = 1,
    ) -> Iterator[ReadyBatch]:
        """Yield the prepared batches of a JSON-lines file, in file order.

        The caller writes ``per_commit`` batches at a time. While it writes them, the workers
        parse the chunks after them: that many chunks and two a worker stay in flight.
        """
        pool = self._pool()
        in_flight = per_commit + 2 * self.workers
        pending: list[Future[ReadyBatch]] = []
        column_map, options = dict(context.column_map), dict(context.options)
        for block in _blocks(input_file, chunk_bytes):
            job = ChunkJob(input_file.name, format_name, block, column_map, options)
            pending.append(pool.submit(parse_chunk, job))
            # Keep the workers busy without holding the whole file in memory.
            if len(pending) > in_flight:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

    def close(self) -> None:
        """Stop the workers."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None
