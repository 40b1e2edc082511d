"""The ingest pipeline: files → documents → items (pseudonymised) → batched, idempotent writes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

from groundswell.errors import GroundswellError, UnknownFormatError
from groundswell.platforms.base import Document, Format, ParseContext, Unreadable
from groundswell.platforms.registry import TABLE_FORMAT, get_format, sniffing_formats
from groundswell.privacy.keys import KeyRing, load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.runtime import collector_paused
from groundswell.sources.files import InputFile, expand_inputs
from groundswell.store.batch import Batch, ReadyBatch
from groundswell.store.bulk_settings import BulkSettings
from groundswell.store.fresh_keys import FreshKeys
from groundswell.store.parallel import CHUNK_BYTES, COMMIT_BYTES, ParsePool, worker_count
from groundswell.store.store import Store
from groundswell.store.table_options import TableSettings, table_settings
from groundswell.store.writer import BatchWriter

SNIFF_DOCUMENTS = 5


@dataclass(frozen=True)
class IngestOptions:
    """How to ingest.

    Attributes:
        format: importer name to use instead of sniffing (``--format``).
        column_map: ``FIELD=COLUMN`` strings for tables (``--map``).
        pseudonyms: pseudonymise identities (the default); False keeps them plain.
        key_file: where the key lives (default: ``GROUNDSWELL_KEY_FILE`` or the config folder).
        batch_size: posts per committed batch (files read in this process).
        force: re-read files already ingested unchanged.
        workers: parsing processes for large JSON-lines files (default: one per core; 1 reads
            every file in this process).
        parallel_min_bytes: files at least this large are parsed by the workers.
        parallel_chunk_bytes: bytes of lines per worker task.
        parallel_commit_bytes: bytes of lines per committed transaction (several worker tasks'
            batches: fewer, larger commits are faster; small tasks keep the workers' memory low).
    """

    format: str | None = None
    column_map: tuple[str, ...] = ()
    pseudonyms: bool = True
    key_file: Path | None = None
    batch_size: int = 20_000
    force: bool = False
    workers: int | None = None
    parallel_min_bytes: int = 64 << 20
    parallel_chunk_bytes: int = CHUNK_BYTES
    parallel_commit_bytes: int = COMMIT_BYTES


@dataclass
class FileReport:
    """What one input file gave."""

    name: str
    format: str | None = None
    documents: int = 0
    posts: int = 0
    direct_posts: int = 0
    deletions: int = 0
    quarantined: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    skipped: bool = False
    error: str | None = None

    @property
    def holds_no_posts(self) -> bool:
        """True for a valid file without posts or deletions (counts, users, an empty file)."""
        return self.error is None and not self.skipped and self.posts == 0 and self.deletions == 0


@dataclass
class IngestSummary:
    """What a whole ingest call did.

    Attributes:
        files: one report per input file.
        quarantine_reasons: records kept in quarantine, per reason category.
        memory_limit_raised: times a batch needed DuckDB's memory limit raised.
    """

    files: list[FileReport] = field(default_factory=list)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    memory_limit_raised: int = 0

    @property
    def errors(self) -> list[FileReport]:
        """Files that could not be ingested at all."""
        return [f for f in self.files if f.error]

    @property
    def quarantined(self) -> int:
        """Records kept in quarantine by this call."""
        return sum(self.quarantine_reasons.values())

    def total(self, attribute: str) -> int:
        """Sum an integer attribute of the file reports."""
        return sum(int(getattr(f, attribute)) for f in self.files)


class Progress(Protocol):
    """Receives progress while an ingest runs (the CLI draws a bar from it)."""

    def start_file(self, name: str, size: int) -> None:
        """A file is about to be read."""

    def end_file(self, report: FileReport) -> None:
        """A file is done."""


def ingest(
    store: Store,
    paths: Sequence[Path | str],
    options: IngestOptions = IngestOptions(),
    progress: Progress | None = None,
) -> IngestSummary:
    """Read every file under ``paths`` into ``store``; return what happened per file."""
    keys: KeyRing | None = load_or_create_key(options.key_file) if options.pseudonyms else None
    store.bind_key(keys)
    workers = options.workers or worker_count()
    settings = BulkSettings(store.connection, one_thread=workers > 1)
    run = _Run(
        options,
        Pseudonymizer(keys, enabled=options.pseudonyms),
        Sealer(keys),
        BatchWriter(store.connection, settings, FreshKeys.if_empty(store.connection)),
        ParsePool(keys, options.pseudonyms, workers),
        get_format(options.format) if options.format else None,
    )
    summary = IngestSummary()
    settings.apply()
    try:
        with collector_paused():
            for input_file in expand_inputs(paths):
                size, mtime = _stat(input_file)
                if progress:
                    progress.start_file(input_file.name, size)
                if not options.force and _already_ingested(store, input_file.name, size, mtime):
                    report = FileReport(input_file.name, skipped=True)
                else:
                    report = run.ingest_file(input_file, summary, (size, mtime))
                summary.files.append(report)
                if progress:
                    progress.end_file(report)
            # Write the last batches into the database file before the settings are restored.
            settings.retrying(lambda: store.connection.execute("CHECKPOINT"))
    finally:
        run.pool.close()
        settings.restore()
    summary.memory_limit_raised = settings.raised
    return summary


def _stat(input_file: InputFile) -> tuple[int, float]:
    stat = input_file.path.stat()
    return stat.st_size, stat.st_mtime


def _already_ingested(store: Store, name: str, size: int, mtime: float) -> bool:
    row = store.connection.execute(
        "SELECT 1 FROM files WHERE path = ? AND size = ? AND mtime = ?", [name, size, mtime]
    ).fetchone()
    return row is not None


def _choose_format(
    input_file: InputFile, first: list[Document], forced: Format | None, settings: TableSettings
) -> Format:
    if forced is not None:
        return forced
    if input_file.kind == "deletions":
        return get_format("deletions")
    if input_file.kind != "json" or settings.columns:
        return get_format(TABLE_FORMAT)
    tried = sniffing_formats()
    for fmt in tried:
        if fmt.sniff(first):
            return fmt
    raise UnknownFormatError(
        f"{input_file.name}: no importer recognised this file (tried {', '.join(f.name for f in tried)}). "
        "Pass --format NAME if you know the format, or --map FIELD=COLUMN ... to read it as a table."
    )


@dataclass
class _Run:
    """What every file of one ingest call shares."""

    options: IngestOptions
    pseudonyms: Pseudonymizer
    sealer: Sealer
    writer: BatchWriter
    pool: ParsePool
    forced: Format | None

    def ingest_file(
        self, input_file: InputFile, summary: IngestSummary, stat: tuple[int, float]
    ) -> FileReport:
        report = FileReport(input_file.name)
        try:
            settings = table_settings(input_file, self.options.column_map)
            documents = input_file.documents(
                delimiter=settings.delimiter, encoding=settings.encoding
            )
            head: list[Document | Unreadable] = []
            for item in documents:
                head.append(item)
                if sum(isinstance(d, Document) for d in head) >= SNIFF_DOCUMENTS:
                    break
            first = [d for d in head if isinstance(d, Document)]
            if not head:
                report.notes["empty file"] += 1
                self.writer.write((), _file_row(report, stat))
                return report
            fmt = _choose_format(input_file, first, self.forced, settings)
            report.format = fmt.name
            if fmt.name == TABLE_FORMAT:
                from groundswell.platforms.table.parse import check_column_map

                check_column_map(settings.columns, settings.options, first, input_file.name)
            context = ParseContext(self.pseudonyms, settings.columns, settings.options)
            per_commit = 1
            if self._in_parallel(input_file, first, stat[0]):
                chunk = self.options.parallel_chunk_bytes
                per_commit = max(1, self.options.parallel_commit_bytes // chunk)
                batches = self.pool.batches(input_file, fmt.name, context, chunk, per_commit)
            else:
                batches = self._serial_batches(chain(head, documents), fmt, context)
            group: list[ReadyBatch] = []
            try:
                for batch in batches:
                    _count(batch, report, summary)
                    group.append(batch)
                    if len(group) >= per_commit:
                        self.writer.write(group)
                        group = []
            except GroundswellError:
                self.writer.write(group)  # what was counted before the error is stored
                raise
            self.writer.write(group, _file_row(report, stat))
        except GroundswellError as exc:
            report.error = str(exc)
        return report

    def _in_parallel(self, input_file: InputFile, first: list[Document], size: int) -> bool:
        """Large JSON-lines files are parsed by the worker pool."""
        return (
            self.pool.workers > 1
            and input_file.kind == "json"
            and size >= self.options.parallel_min_bytes
            and bool(first)
            and first[0].source.line is not None
        )

    def _serial_batches(
        self, documents: Iterator[Document | Unreadable], fmt: Format, context: ParseContext
    ) -> Iterator[ReadyBatch]:
        batch = Batch()
        for document in documents:
            batch.add_document(document, fmt, context)
            if batch.pending() >= self.options.batch_size:
                yield batch.prepare(self.sealer, self.pseudonyms)
                batch = Batch()
        yield batch.prepare(self.sealer, self.pseudonyms)


def _count(batch: ReadyBatch, report: FileReport, summary: IngestSummary) -> None:
    report.documents += batch.documents
    report.posts += batch.post_count
    report.direct_posts += batch.direct_posts
    report.deletions += len(batch.deletions)
    report.quarantined += len(batch.quarantine)
    report.notes.update(batch.notes)
    summary.quarantine_reasons.update(batch.quarantine_reasons)


def _file_row(report: FileReport, stat: tuple[int, float]) -> tuple[object, ...]:
    note = "; ".join(f"{what} ×{n}" for what, n in report.notes.most_common()) or None
    return (
        report.name,
        report.format,
        stat[0],
        stat[1],
        report.documents,
        report.posts,
        report.quarantined,
        report.deletions,
        note,
    )
