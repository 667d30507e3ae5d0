"""CSV and XLSX usage reports: a header row, then one usage per row. Both stream (constant memory).

CSV: UTF-8 (with or without BOM) or, when the bytes are not UTF-8, Windows-1252; the delimiter is the one of
`,` `;` tab `|` found most in the header line. XLSX: the first worksheet; numbers, dates and times are turned
into the text a person would type (3.0 → "3", a time cell 00:03:35 → "0:03:35").
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO, TextIO

_DELIMITERS = ",;\t|"
_SAMPLE = 1 << 16


def detect_encoding(stream: BinaryIO) -> str:
    """utf-8-sig when every byte decodes as UTF-8, else cp1252 (what spreadsheet exports use)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    return max(_DELIMITERS, key=first_line.count) if any(d in first_line for d in _DELIMITERS) else ","


def _open_csv(path: Path, encoding: str | None) -> tuple[TextIO, str]:
    """The file open as text (its encoding detected unless given; the caller closes it) and its delimiter."""
    if encoding is None:
        with open(path, "rb") as raw:
            encoding = detect_encoding(raw)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller
    sample = handle.read(_SAMPLE)
    handle.seek(0)
    return handle, _delimiter(sample.splitlines()[0] if sample else "")


def csv_rows(path: Path, encoding: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, iterator of (data-row number, values)). The file stays open until the iterator ends."""
    handle, delimiter = _open_csv(path, encoding)
    reader = csv.reader(handle, delimiter=delimiter)
    header = next(reader, [])

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from enumerate(reader, start=1)

    return header, rows()


def csv_records(path: Path, encoding: str | None = None) -> tuple[list[str], Iterator[tuple[int, str]], Callable]:
    """(header, iterator of (data-row number, the row's text), text → values): the rows of `csv_rows` unparsed,
    for importers that parse each distinct row once. A row is one line, or several when a quoted value holds
    line breaks (the csv module decides where such a row ends); numbers are those of `csv_rows`."""
    handle, delimiter = _open_csv(path, encoding)
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


def _cell_text(value: object) -> str:
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
    import openpyxl  # imported here: only XLSX reports need it

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    values = book.worksheets[0].iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(values, ())]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, row in enumerate(values, start=1):
                yield line, [_cell_text(v) for v in row]
        finally:
            book.close()

    return header, rows()


def text_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """CSV given as text (tests, API uploads already decoded)."""
    first_line = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    return next(reader, []), enumerate(reader, start=1)
