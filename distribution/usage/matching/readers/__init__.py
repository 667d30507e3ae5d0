"""Usage file readers (CSV, XLSX, DDEX DSR): stream `RowOk` / `RowError` per data row, 1-based line numbers.

`open_report(path, fmt)` returns the original column names and the stream; a file that cannot be read at all
raises `ReportError` with where and why.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from distribution.usage.matching.readers.dsr import DsrError, dsr_rows
from distribution.usage.matching.readers.rows import (
    FieldError,
    RowError,
    RowOk,
    RowParser,
    UsageRow,
    column_map,
    read_rows,
)
from wipoconnect.core.errors import DomainError
from wipoconnect.core.tabular import csv_records, xlsx_rows

FORMATS = ("csv", "xlsx", "dsr")
FALLBACK_ENCODING = "cp1252"  # of CSV reports that are not UTF-8: what spreadsheet exports use

__all__ = [
    "FORMATS",
    "FieldError",
    "Report",
    "ReportError",
    "RowError",
    "RowOk",
    "RowParser",
    "UsageRow",
    "guess_format",
    "open_report",
]


class ReportError(DomainError):
    """The file as a whole cannot be read (wrong format, no title column, truncated DSR)."""


@dataclass
class Report:
    """`rows` parses and checks each row. Importers that parse each distinct row once read `records` instead:
    (line, record) pairs where equal records are equal rows, `split(record)` giving the row's values (a CSV
    row's text and the csv module; a tuple of values otherwise), and `fields` (field → column position) for
    `RowParser`. File errors come as ReportError from both. Only one of the two streams is to be read."""

    columns: list[str]
    rows: Iterator[RowOk | RowError]
    records: Iterator[tuple[int, str | tuple[str, ...]]] | None = None
    split: Callable[[str | tuple[str, ...]], list[str]] = list
    fields: dict[str, int] | None = None


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix in ("tsv", "txt", "dsr"):
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            if handle.read(4).upper() == "HEAD":
                return "dsr"
    return "csv"


def _checked(rows: Iterator, name: str) -> Iterator:
    try:
        yield from rows
    except DsrError as exc:
        raise ReportError(str(exc)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReportError(f"{name}: {exc}") from None


def open_report(path: Path, fmt: str | None = None) -> Report:
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise ReportError(f"{path.name}: unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    try:
        if fmt == "csv":
            header, records, split = csv_records(path, FALLBACK_ENCODING)
            raw_rows = ((line, split(text)) for line, text in records)
        else:
            header, raw_rows = {"xlsx": xlsx_rows, "dsr": dsr_rows}[fmt](path)
            records, split = ((line, tuple(raw)) for line, raw in raw_rows), list
        columns = column_map(header)
    except FieldError as exc:
        raise ReportError(f"{path.name}: {exc.message}") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # openpyxl: not a workbook
        raise ReportError(f"{path.name}: cannot be read as {fmt}: {exc}") from None
    rows = _checked(read_rows(columns, raw_rows), path.name)
    return Report(header, rows, _checked(records, path.name), split, columns)
