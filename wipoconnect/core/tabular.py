"""Read and write CSV and Excel tables as header-keyed rows with their row numbers. No Django imports.

Row numbers are the 1-based data-row numbers: the first row after the header is row 1.
"""

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook, load_workbook


def table_format(path: Path, explicit: str | None = None) -> str:
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    if fmt not in {"csv", "xlsx"}:
        raise ValueError(f"{path.name}: unknown table format {fmt!r} (csv or xlsx)")
    return fmt


def read_rows(path: Path, fmt: str | None = None) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (lower-cased, stripped) and an iterator of (row number, {column: text})."""
    if table_format(path, fmt) == "csv":
        return _read_csv(path)
    return _read_xlsx(path)


def write_rows(path: Path, header: list[str], rows: Iterable[Iterable], fmt: str | None = None) -> int:
    count = 0
    if table_format(path, fmt) == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
        count += 1
    workbook.save(path)
    return count


def _read_csv(path: Path):
    handle = path.open(newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    header = [h.strip().lower() for h in next(reader, [])]

    def rows():
        with handle:
            for number, values in enumerate(reader, start=1):
                if any(v.strip() for v in values):
                    yield number, dict(zip(header, (v.strip() for v in values), strict=False))

    return header, rows()


def _read_xlsx(path: Path):
    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(values, ())]

    def rows():
        try:
            for number, cells in enumerate(values, start=1):
                texts = ["" if c is None else _cell_text(c) for c in cells]
                if any(texts):
                    yield number, dict(zip(header, texts, strict=False))
        finally:
            workbook.close()

    return header, rows()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
