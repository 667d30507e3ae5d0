"""Read and write CSV and Excel tables: a header row, then one record per row. Both stream (constant memory).
No Django imports (the Django-free usage readers use it).

Row numbers are the 1-based data-row numbers: the first row after the header is row 1. CSV is UTF-8 (a BOM is
dropped; other bytes are a TableError unless the caller names a fallback encoding) with the delimiter found most in
the header line among `,` `;` tab `|`. XLSX: the first worksheet, read in read-only mode; numbers, dates and times
are turned into the text a person would type (3.0 → "3", a time cell 00:03:35 → "0:03:35").
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO, TextIO

from wipoconnect.core.errors import DomainError

_DELIMITERS = ",;\t|"
_SAMPLE = 1 << 16


def detect_encoding(stream: BinaryIO, fallback: str | None = None, name: str = "file") -> str:
    """utf-8-sig when every byte decodes as UTF-8 (a BOM is dropped), else `fallback`, else a TableError."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if fallback:
            return fallback
        raise TableError(f"{name}: not UTF-8 (byte {offset + exc.start + 1}); save it as CSV UTF-8") from None
    finally:
        stream.seek(0)
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    return max(_DELIMITERS, key=first_line.count) if any(d in first_line for d in _DELIMITERS) else ","


def _open_csv(path: Path, fallback: str | None) -> tuple[TextIO, str]:
    """The file open as text (UTF-8, else `fallback`; the caller closes it) and its delimiter."""
    with open(path, "rb") as raw:
        encoding = detect_encoding(raw, fallback, path.name)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller
    sample = handle.read(_SAMPLE)
    handle.seek(0)
    return handle, _delimiter(sample.splitlines()[0] if sample else "")


def csv_rows(path: Path, fallback: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, iterator of (data-row number, values)). The file stays open until the iterator ends."""
    handle, delimiter = _open_csv(path, fallback)
    reader = csv.reader(handle, delimiter=delimiter)
    header = next(reader, [])

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from enumerate(reader, start=1)

    return header, rows()


def csv_records(path: Path, fallback: str | None = None) -> tuple[list[str], Iterator[tuple[int, str]], Callable]:
    """(header, iterator of (data-row number, the row's text), text → values): the rows of `csv_rows` unparsed,
    for importers that parse each distinct row once. A row is one line, or several when a quoted value holds
    line breaks (the csv module decides where such a row ends); numbers are those of `csv_rows`."""
    handle, delimiter = _open_csv(path, fallback)
    header = next(csv.reader(handle, delimiter=delimiter), [])

    def split(text: str) -> list[str]:
        return next(csv.reader([text], delimiter=delimiter), [])

    def records() -> Iterator[tuple[int, str]]:
        with handle:
            number = 0
            lines = iter(handle)
            for text in lines:
                number += 1
                if '"' in text:  # a quoted value may go on over the next lines: let the csv module read the row
                    taken = [text]
                    next(csv.reader(_taking(text, lines, taken), delimiter=delimiter), None)
                    text = "".join(taken)
                yield number, text

    return header, records(), split


def _taking(first: str, lines: Iterator[str], taken: list[str]) -> Iterator[str]:
    """`first`, then the following lines as they are asked for, each one noted in `taken`."""
    yield first
    for text in lines:
        taken.append(text)
        yield text


def cell_text(value: object) -> str:
    """A cell as the text a person would type (3.0 → \"3\", a time 00:03:35 → \"0:03:35\", a date → YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).strip()


def xlsx_rows(path: Path | BinaryIO) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook  # imported here: only XLSX tables need it

    book = load_workbook(path, read_only=True, data_only=True)
    values = book.worksheets[0].iter_rows(values_only=True)
    header = [cell_text(v) for v in next(values, ())]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, row in enumerate(values, start=1):
                yield line, [cell_text(v) for v in row]
        finally:
            book.close()

    return header, rows()


def text_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """CSV given as text (tests, API uploads already decoded)."""
    first_line = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    return next(reader, []), enumerate(reader, start=1)


class TableError(DomainError):
    """A table that cannot be read; the message names the file and why."""


def table_format(path: Path, explicit: str | None = None) -> str:
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    if fmt not in {"csv", "xlsx"}:
        raise TableError(f"{path.name}: unknown table format {fmt!r} (csv or xlsx)")
    return fmt


def read_rows(path: Path, fmt: str | None = None) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (lower-cased, stripped) and an iterator of (row number, {column: stripped text}); blank rows
    are skipped."""
    header, rows = csv_rows(path) if table_format(path, fmt) == "csv" else xlsx_rows(path)
    header = [h.strip().lower() for h in header]

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in rows:
            values = [restore(v.strip()) for v in values]
            if any(values):
                yield number, dict(zip(header, values, strict=False))

    return header, records()


# Spreadsheet formula injection: text from outside (a title in a publisher's CWR, a licensee's usage file) that starts
# like a formula must not run when staff open an export in a spreadsheet. Every writer below makes such cells inert:
# in CSV behind a leading apostrophe (OWASP's advice), in XLSX as a text cell; the readers take the apostrophe off
# again, so importing our own export gives back the original text. Numbers (-12.50) are left as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?")


def _formula_like(text: str) -> bool:
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(bare)


def inert(value):
    """A CSV cell that no spreadsheet evaluates: text starting like a formula gets a leading apostrophe (and so does
    text that already had apostrophes before it, so that `restore` gives back exactly what was written)."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text that `inert` wrote as `text` (a CSV cell read back)."""
    return text[1:] if text.startswith("'") and _formula_like(text) else text


def _xlsx_row(worksheet, row: Iterable) -> list:
    """The row's cells for a write-only worksheet, text starting with '=' as a text cell (not a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            value = WriteOnlyCell(worksheet, value=value)
            value.data_type = "s"
        cells.append(value)
    return cells


def xlsx_append(worksheet, row: Iterable) -> None:
    """Append a row to a write-only worksheet, its text never taken as a formula."""
    worksheet.append(_xlsx_row(worksheet, row))


def write_rows(
    path: Path,
    header: list[str],
    rows: Iterable[Iterable],
    fmt: str | None = None,
    *,
    sheet: str = "",
    title: str | None = None,
) -> int:
    """Write the header and rows as CSV (UTF-8) or XLSX (worksheet `sheet`, `title` in a row above the header);
    returns the number of rows written after the header."""
    count = 0
    if table_format(path, fmt) == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([inert(v) for v in row])
                count += 1
        return count
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31] or None)
    if title:
        xlsx_append(worksheet, [title])
    worksheet.append(list(header))
    for row in rows:
        xlsx_append(worksheet, row)
        count += 1
    workbook.save(path)
    return count


def csv_text(header: Iterable, rows: Iterable[Iterable], *, line_end: str = "\n") -> str:
    """The header and rows as CSV text: tables built in memory (downloads, archives, API answers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows([inert(v) for v in row] for row in rows)
    return buffer.getvalue()


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Each row as one CSV line, for streamed downloads (the first row is the header)."""
    writer = csv.writer(_Line())
    return (writer.writerow([inert(v) for v in row]) for row in rows)
