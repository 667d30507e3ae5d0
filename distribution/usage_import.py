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
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from distribution.matching.keys import UsageKey, usage_key
from distribution.matching.readers import ReportError, RowError, RowOk, UsageRow, guess_format, open_report
from distribution.models.usage import Match, UsageLine, UsageRejection, UsageReport
from distribution.usage_bulk import BackgroundInserts, insert_rows, reserve_ids

BATCH_SIZE = 20_000
ID_BLOCK = 10_000  # Match ids reserved at a time (unused ones are a harmless gap in the sequence)
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
LINE_TEXT = ("title", "artist", "writers", "isrc", "iswc", "work_ref", "key")
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
MATCH_TEXT = (
    "key",
    "status",
    "method",
    "norm_title",
    "norm_writers",
    "norm_artists",
    "iswc",
    "isrc",
    "work_ref",
    "title",
    "artist",
    "writers",
)
REJECTION_COLUMNS = ("report_id", "line", "field", "message", "raw")


class UsageImportError(ValueError):
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


@dataclass(slots=True)
class _KeyInfo:
    """A distinct key of the report being imported: its reserved Match id and what the Match will hold."""

    id: int
    key: UsageKey
    sample: RowOk
    lines: int = 0
    plays: int = 0


class _Batch:
    """Rows waiting to be written. Match ids are reserved in blocks so each line gets its match at once; the
    Matches themselves are written at the end, with their line and play counts."""

    def __init__(self, report: UsageReport) -> None:
        self.report = report
        self.keys: dict[str, _KeyInfo] = {}
        self.lines: list[tuple] = []
        self.rejections: list[tuple] = []
        self.line_count = self.rejected_count = 0
        self.writer = BackgroundInserts()
        self._by_parts: dict[tuple, tuple[str, _KeyInfo]] = {}  # (title, names, ids) as reported → its key
        self._by_row: dict[int, tuple[UsageRow, _KeyInfo, tuple]] = {}
        self._free_ids: list[int] = []

    def add(self, item: RowOk | RowError) -> None:
        if isinstance(item, RowError):
            self.rejections.append((self.report.pk, item.line, item.field, item.message[:500], _json(item.raw)))
            self.rejected_count += 1
        else:
            row = item.row
            # The reader hands out one object per distinct row: its line columns are built once (the object is
            # kept in the entry, so an id reused after the reader's cache let go of it is recognized).
            entry = self._by_row.get(id(row))
            if entry is None or entry[0] is not row:
                entry = self._by_row[id(row)] = self._entry(item)
            info = entry[1]
            info.lines += 1
            info.plays += row.plays
            self.lines.append((self.report.pk, item.line, *entry[2]))
            self.line_count += 1
        if len(self.lines) + len(self.rejections) >= BATCH_SIZE:
            self.flush()

    def _entry(self, item: RowOk) -> tuple[UsageRow, _KeyInfo, tuple]:
        row = item.row
        parts = (row.title, row.writers, row.artist, row.iswc, row.isrc, row.work_ref)
        known = self._by_parts.get(parts)
        if known is None:
            known = self._by_parts[parts] = self._key_of(item)
        digest, info = known
        columns = (row.title, row.artist, row.writers, row.isrc, row.iswc, row.work_ref, row.duration, row.plays,
                   row.revenue, digest, info.id)
        return row, info, columns

    def _key_of(self, item: RowOk) -> tuple[str, _KeyInfo]:
        row = item.row
        key = usage_key(title=row.title, writers=row.writers, artist=row.artist, iswc=row.iswc, isrc=row.isrc,
                        work_ref=row.work_ref)
        digest = key.digest
        info = self.keys.get(digest)
        if info is None:
            if not self._free_ids:
                self.writer.wait()  # the connection must be free for the reservation
                self._free_ids = reserve_ids(Match, ID_BLOCK)[::-1]
            info = self.keys[digest] = _KeyInfo(self._free_ids.pop(), key, item)
        return digest, info

    def flush(self) -> None:
        self.writer.wait()
        insert_rows(UsageRejection, REJECTION_COLUMNS, self.rejections, ("field", "message"))
        self.writer.insert(UsageLine, LINE_COLUMNS, self.lines, LINE_TEXT)
        self.lines, self.rejections = [], []

    def write_matches(self) -> None:
        rows = (_match_row(self.report.pk, digest, info) for digest, info in self.keys.items())
        insert_rows(Match, MATCH_COLUMNS, rows, MATCH_TEXT)


def _json(raw: list[str]) -> str:
    return json.dumps(raw, ensure_ascii=False)


def _match_row(report_id: int, digest: str, info: _KeyInfo) -> tuple:
    key, row = info.key, info.sample.row
    return (
        info.id,
        report_id,
        digest,
        Match.Status.UNIDENTIFIED,
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
        info.lines,
        info.plays,
    )


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
            stored = stored_file(report)
            stored.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stored)
            batch, errors = _Batch(report), []
            try:
                for item in report_file.rows:
                    if isinstance(item, RowError) and len(errors) < 100:
                        errors.append(item)
                    batch.add(item)
                batch.flush()
            finally:  # never leave a COPY running on the connection, even when the file fails half-way
                batch.writer.close()
            batch.write_matches()
            report.line_count, report.rejected_count = batch.line_count, batch.rejected_count
            report.save(update_fields=["line_count", "rejected_count"])
    except ReportError as exc:
        raise UsageImportError(str(exc)) from None
    return ImportResult(report, batch.line_count, batch.rejected_count, errors=errors)
