"""CSV and XLSX tables (wipoconnect/core/tabular.py): one reader and one writer for every import and export."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wipoconnect.core.tabular import TableError, csv_text, inert, read_rows, restore, write_rows


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_and_the_bom_dropped(tmp_path, delimiter):
    path = tmp_path / "table.csv"
    path.write_text(f'Title{delimiter} ISWC \n\n"A{delimiter}B"{delimiter}T0345246801\n', encoding="utf-8-sig")

    header, rows = read_rows(path)

    assert header == ["title", "iswc"]
    assert list(rows) == [(2, {"title": f"A{delimiter}B", "iswc": "T0345246801"})]  # blank row 1 skipped


def test_a_file_that_is_not_utf8_is_refused_with_where_and_why(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes("title\nCanción\n".encode("cp1252"))

    with pytest.raises(TableError, match=r"table.csv: not UTF-8 \(byte 12\)"):
        read_rows(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_written_rows_read_back(tmp_path, fmt):
    path = tmp_path / f"table.{fmt}"

    assert write_rows(path, ["title", "plays"], [("Song", 3), ("Other", "")]) == 2

    header, rows = read_rows(path)
    assert list(rows) == [(1, {"title": "Song", "plays": "3"}), (2, {"title": "Other", "plays": ""})]


def test_csv_text_ends_lines_with_newlines():
    assert csv_text(["a", "b"], [(1, "x,y")]) == 'a,b\n1,"x,y"\n'


@given(st.text(max_size=30))
def test_every_text_written_inert_reads_back_as_it_was(text):
    assert restore(inert(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-A1", "@SUM(A1)", "\tx", "\rx", "'=1+1"])
def test_text_that_starts_like_a_formula_is_written_behind_an_apostrophe(text):
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", ["-12.50", "+3", "-1,5", "1e-3", "Title", "", 12, None])
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert inert(value) == value
