"""Export of an identified report: every line in its original order with its original columns, then
`line, status, work, candidate, method, score` — what a CMO sends back to the licensee and publishes as its list
of unidentified usage.

status: the line's match status (auto, confirmed, review, unidentified, rejected = marked unidentifiable by
staff), or `error` for a row refused at import (kept aside with its field and reason). work: the work key
(ISWC, else W-code) when auto or confirmed; candidate: the best candidate's work key when in review; score: 0–100
with one decimal, empty when nothing matched.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from pathlib import Path

from distribution.usage.importing import stored_file
from distribution.usage.matching.readers import FALLBACK_ENCODING
from distribution.usage.matching.readers.dsr import dsr_rows
from distribution.usage.models import Match, UsageLine, UsageRejection, UsageReport
from wipoconnect.core.tabular import csv_rows, write_rows, xlsx_rows

RESULT_COLUMNS = ["line", "status", "work", "candidate", "method", "score"]
ERROR = "error"
CHUNK = 5_000


def _line_results(report: UsageReport) -> Iterator[tuple[int, list[str]]]:
    lines = (
        UsageLine.objects.filter(report=report)
        .order_by("line")
        .values_list(
            "line",
            "match__status",
            "match__work__iswc",
            "match__work__code",
            "match__method",
            "match__score",
            "match__candidates",
        )
    )
    for line, status, iswc, code, method, score, candidates in lines.iterator(chunk_size=CHUNK):
        identified = status in (Match.Status.AUTO, Match.Status.CONFIRMED)
        work = (iswc or code or "") if identified else ""
        candidate = candidates[0]["key"] if status == Match.Status.REVIEW and candidates else ""
        shown = "" if score is None else f"{score:.1f}"
        yield line, [str(line), status or "", work, candidate, method or "", shown], None


def _error_results(report: UsageReport) -> Iterator[tuple[int, list[str]]]:
    rejections = UsageRejection.objects.filter(report=report).order_by("line").values_list("line", "raw")
    for line, raw in rejections.iterator(chunk_size=CHUNK):
        yield line, [str(line), ERROR, "", "", "", ""], raw


def _originals(report: UsageReport) -> Iterator[tuple[int, list[str]]]:
    """(line, original values) read back from the stored file; nothing when the file is gone."""
    path = stored_file(report)
    if not path.is_file():
        return iter(())
    if report.format == "csv":
        return csv_rows(path, FALLBACK_ENCODING)[1]
    return {"xlsx": xlsx_rows, "dsr": dsr_rows}[report.format](path)[1]


def _fit(raw: list, width: int) -> list[str]:
    values = ["" if v is None else str(v) for v in raw]
    return values[:width] + [""] * (width - len(values))


def export_rows(report: UsageReport) -> Iterator[list[str]]:
    """Header, then every line and every refused row in line order, each with its original values."""
    columns = list(report.columns)
    width = len(columns)
    yield columns + RESULT_COLUMNS
    originals = _originals(report)
    current = next(originals, None)
    for line, result, kept in heapq.merge(_line_results(report), _error_results(report), key=lambda r: r[0]):
        while current is not None and current[0] < line:
            current = next(originals, None)
        raw = current[1] if current is not None and current[0] == line else (kept or [])
        yield [*_fit(raw, width), *result]


def export_usage(*, report: UsageReport, out: Path) -> int:
    """Write the export as CSV or XLSX (by the file's suffix); returns the number of data rows."""
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = export_rows(report)
    fmt = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    return write_rows(out, next(rows), rows, fmt, sheet="usage")
