"""Import of a usage report file: streamed, written in batches, each distinct usage key made a Match at once.

The file is fingerprinted (SHA-256): the same bytes are never imported twice. Good rows become UsageLines pointing
at the Match of their key (so identification later updates matches only, never the lines); bad rows become
UsageRejections with line, field and reason. Nothing is dropped: lines + rejections = data rows of the file
(blank rows aside). One transaction: a file that fails half-way leaves nothing behind. The original file is kept
(`stored_file`): exports give each line back with its original columns from it, so lines do not carry them.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from distribution.usage.matching.keys import key_digest, usage_key
from distribution.usage.matching.memory import gc_paused
from distribution.usage.matching.readers import FieldError, ReportError, RowError, RowParser, guess_format, open_report
from distribution.usage.matching.readers.rows import PARSE_CACHE, parse_row
from distribution.usage.models import Match, UsageLine, UsageRejection, UsageReport
from wipoconnect.core.bulk import append_rows, copies_in_background, copy_lines, copy_text, reserve_ids
from wipoconnect.core.errors import DomainError

BATCH_SIZE = 50_000  # lines and rejections per write
MAX_ERRORS = 100  # bad rows kept in the result for display (all are stored)
CHUNK = 2_000  # distinct rows prepared at a time (by a worker)
PROCESSES = 2  # workers at most (the cores of a small server)
PARALLEL_MIN_BYTES = 4 << 20  # smaller files are prepared in-process (forking costs more)
ID_BLOCK = 10_000  # Match ids reserved at first (unused ones are a harmless gap in the sequence)
MAX_ID_BLOCK = 80_000  # each reservation doubles the block up to this: few round trips for big files
LINE_COLUMNS = (
    "report_id",
    "line",
    "title",
    "artist",
    "writers",
    "isrc",
    "iswc",
    "work_ref",
    "duration",
    "plays",
    "revenue",
    "key",
    "match_id",
)
MATCH_COLUMNS = (
    "id",
    "report_id",
    "key",
    "status",
    "method",
    "candidates",
    "norm_title",
    "norm_writers",
    "norm_artists",
    "iswc",
    "isrc",
    "work_ref",
    "title",
    "artist",
    "writers",
    "line_count",
    "plays",
)
REJECTION_COLUMNS = ("report_id", "line", "field", "message", "raw")


class UsageImportError(DomainError):
    """The file cannot be imported at all (unreadable, wrong format, bad arguments); says where and why."""


@dataclass
class ImportResult:
    report: UsageReport
    lines: int
    rejected: int
    already_imported: bool = False
    errors: list[RowError] = field(default_factory=list)  # the first ones, for display

    def summary(self) -> str:
        text = f"report {self.report.pk}: {self.lines} lines, {self.rejected} rejected"
        return text + " (already imported)" if self.already_imported else text


def stored_file(report: UsageReport) -> Path:
    """Where the report's original file is kept: exports read the original values of each line from it."""
    return Path(settings.MEDIA_ROOT) / "usage" / "reports" / f"{report.checksum}{Path(report.filename).suffix.lower()}"


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def parse_period(text: str) -> tuple[date, date]:
    """`2026-01-01..2026-03-31` → (start, end)."""
    try:
        start, end = (date.fromisoformat(part.strip()) for part in text.split(".."))
    except ValueError:
        raise UsageImportError(f"period {text!r} must be YYYY-MM-DD..YYYY-MM-DD") from None
    if end < start:
        raise UsageImportError(f"period {text!r} ends before it starts")
    return start, end


_BLANK = (None, None, None, None)  # what a blank row is prepared into: skipped, its line number stays used


@dataclass(frozen=True)
class _Context:
    """What preparing a row needs: the reader's record → values, the field positions, COPY text or tuples."""

    split: Callable
    parser: RowParser
    copy: bool


_CONTEXT: _Context | None = None  # the context of the running import, inherited by forked workers


def _prepare(context: _Context, chunk: list) -> list[tuple]:
    """Split, parse, check, normalize and key distinct records of the file, in a worker or inline.

    Each record gives (digest, line columns, match columns, plays), the columns without the ids and counts the
    importer adds (as COPY text when `copy`, else as tuples); (None, field, message, None) for a bad value;
    `_BLANK` for a blank row."""
    prepared = []
    split, values_of, fields, copy = context.split, context.parser.values, context.parser.fields, context.copy
    for record in chunk:
        values = values_of(split(record))
        if values is None:
            prepared.append(_BLANK)
            continue
        try:
            row = parse_row(dict(zip(fields, values, strict=True)))
        except FieldError as exc:
            prepared.append((None, exc.field, exc.message, None))
            continue
        key = usage_key(
            title=row.title, writers=row.writers, artist=row.artist, iswc=row.iswc, isrc=row.isrc, work_ref=row.work_ref
        )
        digest = key_digest(key)  # once per distinct row: no cache
        line = (
            row.title,
            row.artist,
            row.writers,
            row.isrc,
            row.iswc,
            row.work_ref,
            row.duration,
            row.plays,
            row.revenue,
            digest,
        )
        match = (
            digest,
            Match.Status.UNIDENTIFIED.value,
            "",
            "[]",
            key.title[:300],
            ";".join(sorted(key.writers))[:500],
            ";".join(sorted(key.artists))[:500],
            key.iswc,
            key.isrc,
            key.work_ref[:60],
            row.title,
            row.artist,
            row.writers,
        )
        if copy:
            line, match = "\t".join(map(copy_text, line)), "\t".join(map(copy_text, match))
        prepared.append((digest, line, match, row.plays))
    return prepared


def _prepare_chunk(chunk: list) -> list[tuple]:
    return _prepare(_CONTEXT, chunk)


@dataclass(slots=True)
class _KeyInfo:
    """A distinct key of the report being imported: its reserved Match id and its Match columns (no counts yet)."""

    id: int
    match: str | tuple
    lines: int = 0
    plays: int = 0


class _Batch:
    """Reads the rows of a file and writes them in batches; each distinct row is parsed, normalized and keyed once.

    The hot loop only looks each row up among the distinct rows seen so far; a new one goes to a pool of forked
    workers (large files) or is prepared inline. A batch of lines is finished (each line its distinct row's
    columns, key and match; bad rows to rejections) while the workers prepare the next batch, and COPYed by a
    background thread while the file is read on. Match ids are reserved in blocks as keys appear, so lines get
    their match at once; the Matches themselves are written at the end, with their line and play counts.
    """

    def __init__(self, report: UsageReport, context: _Context, workers: int = 0) -> None:
        global _CONTEXT
        self.report = report
        self.context = context
        self.copy = context.copy
        self.keys: dict[str, _KeyInfo] = {}
        self.errors: list[RowError] = []  # the first ones, for display
        self.line_count = self.rejected_count = 0
        _CONTEXT = context
        self._pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
        # distinct record → [prepared columns, key info (None: a bad or blank row), plays per line, the record]
        self._rows: dict[str | tuple, list] = {}
        self._new_records: list = []
        self._new_entries: list[list] = []
        self._lines: list[tuple] = []  # (line, entry) of the batch being read
        self._chunks: list[tuple] = []  # (entries, prepared rows or their pending result) of that batch
        self._previous: tuple[list, list] | None = None  # the batch read before, being prepared by the workers
        self._free_ids: list[int] = []
        self._id_block = ID_BLOCK

    def read(self, records) -> None:  # noqa: ANN001 - iterator of (line, record)
        """Every row of the file: the hot loop of the import. Equal records are equal rows: one entry."""
        rows, lines = self._rows, self._lines
        for line, record in records:
            entry = rows.get(record)
            if entry is None:
                entry = self._new(record)
            lines.append((line, entry))
            if len(lines) >= BATCH_SIZE:
                self.flush()
                lines = self._lines

    def _new(self, record: str | tuple) -> list:
        rows = self._rows
        if len(rows) >= PARSE_CACHE:  # keep memory bounded: rows seen again are simply prepared again
            rows.clear()
        entry = rows[record] = [None, None, 0, record]
        self._new_records.append(record)
        self._new_entries.append(entry)
        if len(self._new_records) >= CHUNK:
            self._submit()
        return entry

    def _submit(self) -> None:
        if not self._new_records:
            return
        records = self._new_records
        prepared = self._pool.apply_async(_prepare_chunk, (records,)) if self._pool else _prepare(self.context, records)
        self._chunks.append((self._new_entries, prepared))
        self._new_records, self._new_entries = [], []

    def flush(self) -> None:
        """End of the batch being read: its new rows go to the workers, and the batch before is written."""
        self._submit()
        previous, self._previous = self._previous, (self._lines, self._chunks)
        self._lines, self._chunks = [], []
        if previous:
            self._write(*previous)

    def finish(self) -> None:
        """The last batches written."""
        self.flush()
        self.flush()

    def close(self) -> None:
        global _CONTEXT
        _CONTEXT = None
        if self._pool is not None:
            self._pool.terminate()

    def _write(self, lines: list[tuple], chunks: list[tuple]) -> None:
        for entries, prepared in chunks:
            if not isinstance(prepared, list):
                prepared = prepared.get()
            for entry, (digest, columns, match, plays) in zip(entries, prepared, strict=True):
                if digest is None:  # a blank row, or a bad one: (None, field, message, None)
                    entry[0] = FieldError(columns, match) if columns else None
                    continue
                info = self.keys.get(digest)
                if info is None:
                    info = self.keys[digest] = _KeyInfo(self._reserve_id(), match)
                entry[0] = f"{columns}\t{info.id}" if self.copy else (*columns, info.id)
                entry[1], entry[2] = info, plays
        report_id, out, rejections = self.report.pk, [], []
        prefix = f"{report_id}\t"
        for line, (columns, info, plays, record) in lines:
            if info is None:
                if columns is not None:
                    rejections.append(self._reject(line, self.context.split(record), columns))
                continue
            info.lines += 1
            info.plays += plays
            out.append(f"{prefix}{line}\t{columns}" if self.copy else (report_id, line, *columns))
        append_rows(UsageRejection, REJECTION_COLUMNS, rejections)
        self.line_count += len(out)
        if self.copy:
            copy_lines(UsageLine, LINE_COLUMNS, out)
        else:
            append_rows(UsageLine, LINE_COLUMNS, out)

    def _reserve_id(self) -> int:
        if not self._free_ids:  # in the background on PostgreSQL: from a second connection, without waiting
            self._free_ids = reserve_ids(Match, self._id_block)[::-1]
            self._id_block = min(2 * self._id_block, MAX_ID_BLOCK)
        return self._free_ids.pop()

    def _reject(self, line: int, raw: list[str], error: FieldError) -> tuple:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(line, raw, error.field, error.message))
        self.rejected_count += 1
        return (self.report.pk, line, error.field, error.message[:500], _json(raw))

    def write_matches(self) -> None:
        report_id = self.report.pk
        if self.copy:
            lines = [f"{i.id}\t{report_id}\t{i.match}\t{i.lines}\t{i.plays}" for i in self.keys.values()]
            copy_lines(Match, MATCH_COLUMNS, lines)
        else:
            rows = [(i.id, report_id, *i.match, i.lines, i.plays) for i in self.keys.values()]
            append_rows(Match, MATCH_COLUMNS, rows)


def _json(raw: list[str]) -> str:
    return json.dumps(raw, ensure_ascii=False)


def _workers(path: Path) -> int:
    """Forked workers prepare the rows of large files (not inside a daemon process, e.g. Celery's: no children)."""
    if path.stat().st_size < PARALLEL_MIN_BYTES or multiprocessing.current_process().daemon:
        return 0
    return min(PROCESSES, os.cpu_count() or 1)


def import_usage(
    *,
    path: Path,
    source: str,
    period: tuple[date, date],
    right_type: str,
    territory: str = "2136",
    fmt: str | None = None,
) -> ImportResult:
    fmt = fmt or guess_format(path)
    checksum = fingerprint(path)
    existing = UsageReport.objects.filter(checksum=checksum).first()
    if existing:
        return ImportResult(existing, existing.line_count, existing.rejected_count, already_imported=True)
    try:
        report_file = open_report(path, fmt)
        with transaction.atomic():
            try:
                with transaction.atomic():  # the checksum is unique: a concurrent import of the file waits here
                    report = UsageReport.objects.create(
                        source=source,
                        filename=path.name[:255],
                        checksum=checksum,
                        format=fmt,
                        period_start=period[0],
                        period_end=period[1],
                        right_type=right_type,
                        territory=territory,
                        columns=report_file.columns,
                    )
            except IntegrityError:  # ... and finds it imported once the other one has committed
                existing = UsageReport.objects.filter(checksum=checksum).first()
                if existing is None:
                    raise
                return ImportResult(existing, existing.line_count, existing.rejected_count, already_imported=True)
            stored = stored_file(report)
            stored.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stored)
            context = _Context(report_file.split, RowParser(report_file.fields), connection.vendor == "postgresql")
            with gc_paused():  # a million lines are millions of live objects: no collection walks them again
                batch = _Batch(report, context, _workers(path))
                try:  # the block ends when every COPY is done, even on a failure
                    with copies_in_background():
                        batch.read(report_file.records)
                        batch.finish()
                finally:  # never leave workers behind
                    batch.close()
                batch.write_matches()
            report.line_count, report.rejected_count = batch.line_count, batch.rejected_count
            report.save(update_fields=["line_count", "rejected_count"])
    except ReportError as exc:
        raise UsageImportError(str(exc)) from None
    return ImportResult(report, batch.line_count, batch.rejected_count, errors=batch.errors)
