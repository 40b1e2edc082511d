"""The ingest pipeline: files → documents → items (pseudonymised) → batched, idempotent writes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

from groundswell.errors import GroundswellError, RecordError, UnknownFormatError
from groundswell.model import Deletion, NoPosts, Post
from groundswell.platforms.base import Document, Format, ParseContext, Unreadable
from groundswell.platforms.registry import TABLE_FORMAT, get_format, sniffing_formats
from groundswell.privacy.keys import KeyRing, load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.privacy.sealing import Sealer
from groundswell.sources.files import InputFile, expand_inputs
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
        batch_size: posts per committed batch.
        force: re-read files already ingested unchanged.
    """

    format: str | None = None
    column_map: tuple[str, ...] = ()
    pseudonyms: bool = True
    key_file: Path | None = None
    batch_size: int = 20_000
    force: bool = False


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
    """What a whole ingest call did."""

    files: list[FileReport] = field(default_factory=list)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)

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


def reason_category(reason: str) -> str:
    """The part of a quarantine reason that groups it in summaries (before any detail)."""
    return reason.split(" (", 1)[0].split(":", 1)[0]


def ingest(
    store: Store,
    paths: Sequence[Path | str],
    options: IngestOptions = IngestOptions(),
    progress: Progress | None = None,
) -> IngestSummary:
    """Read every file under ``paths`` into ``store``; return what happened per file."""
    keys: KeyRing | None = load_or_create_key(options.key_file) if options.pseudonyms else None
    store.bind_key(keys)
    pseudonyms = Pseudonymizer(keys, enabled=options.pseudonyms)
    writer = BatchWriter(store.connection, Sealer(keys), pseudonyms, batch_size=options.batch_size)
    forced = get_format(options.format) if options.format else None
    summary = IngestSummary()
    for input_file in expand_inputs(paths):
        size, mtime = _stat(input_file)
        if progress:
            progress.start_file(input_file.name, size)
        if not options.force and _already_ingested(store, input_file.name, size, mtime):
            report = FileReport(input_file.name, skipped=True)
        else:
            report = _ingest_file(
                input_file, forced, options, pseudonyms, writer, summary, (size, mtime)
            )
        summary.files.append(report)
        if progress:
            progress.end_file(report)
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


def _ingest_file(
    input_file: InputFile,
    forced: Format | None,
    options: IngestOptions,
    pseudonyms: Pseudonymizer,
    writer: BatchWriter,
    summary: IngestSummary,
    stat: tuple[int, float],
) -> FileReport:
    report = FileReport(input_file.name)
    try:
        settings = table_settings(input_file, options.column_map)
        documents = input_file.documents(delimiter=settings.delimiter, encoding=settings.encoding)
        head: list[Document | Unreadable] = []
        for item in documents:
            head.append(item)
            if sum(isinstance(d, Document) for d in head) >= SNIFF_DOCUMENTS:
                break
        first = [d for d in head if isinstance(d, Document)]
        if not head:
            report.notes["empty file"] += 1
            writer.flush(_file_row(report, stat))
            return report
        fmt = _choose_format(input_file, first, forced, settings)
        report.format = fmt.name
        if fmt.name == TABLE_FORMAT:
            from groundswell.platforms.table.parse import check_column_map

            check_column_map(settings.columns, settings.options, first, input_file.name)
        context = ParseContext(pseudonyms, settings.columns, settings.options)
        _consume(chain(head, documents), fmt, context, writer, report, summary, stat)
    except GroundswellError as exc:
        report.error = str(exc)
    return report


def _consume(
    items: Iterator[Document | Unreadable],
    fmt: Format,
    context: ParseContext,
    writer: BatchWriter,
    report: FileReport,
    summary: IngestSummary,
    stat: tuple[int, float],
) -> None:
    for document in items:
        if isinstance(document, Unreadable):
            _quarantine(document, writer, report, summary)
            continue
        report.documents += 1
        try:
            parsed = list(fmt.parse(document, context))
        except RecordError as exc:
            _quarantine(
                Unreadable(document.source, document.raw, exc.reason), writer, report, summary
            )
            continue
        for item in parsed:
            if isinstance(item, Post):
                writer.add_post(item)
                report.posts += 1
                report.direct_posts += item.direct
            elif isinstance(item, Deletion):
                writer.deletions.append(item)
                report.deletions += 1
            elif isinstance(item, NoPosts):
                report.notes[context.pseudonyms.scrub_text("note", item.what)] += 1
        if writer.pending() >= writer.batch_size:
            writer.flush()
    writer.flush(_file_row(report, stat))


def _quarantine(
    item: Unreadable, writer: BatchWriter, report: FileReport, summary: IngestSummary
) -> None:
    writer.unreadable.append(item)
    report.quarantined += 1
    summary.quarantine_reasons[reason_category(item.reason)] += 1


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
