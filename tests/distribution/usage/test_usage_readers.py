"""Usage file readers: CSV, XLSX and DDEX DSR rows with 1-based data-row numbers; bad rows name line and field."""

from datetime import time
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from distribution.usage.matching.readers import ReportError, RowError, RowOk, open_report
from distribution.usage.matching.readers.rows import FieldError, parse_duration

CSV = """Title,Artist,Writers,ISRC,ISWC,Duration,Plays,Album,Revenue
Yesterday,The Beatles,"Lennon, John; McCartney, Paul",GB-AYE-65-00521,T-034.524.680-1,2:05,3,Help!,1.50
Bad ISWC,X,Y,,T-034.524.680-2,180,1,,
Bad duration,X,Y,,,three minutes,1,,
,,,,,,,,
Zero plays,X,Y,,,60,0,,
,Someone,,,,,1,,
Fine,Someone,Other,,,215,,,
"""


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_rows_are_numbered_from_the_first_row_after_the_header(tmp_path):
    report = open_report(_write(tmp_path, "radio.csv", CSV))
    rows = list(report.rows)
    assert report.columns[:3] == ["Title", "Artist", "Writers"]
    assert [r.line for r in rows] == [1, 2, 3, 5, 6, 7]  # line 4 is blank: skipped, its number stays used
    first = rows[0]
    assert isinstance(first, RowOk)
    assert (first.row.isrc, first.row.iswc, first.row.duration, first.row.plays) == (
        "GBAYE6500521",
        "T0345246801",
        125,
        3,
    )
    assert first.row.revenue == Decimal("1.5000")
    assert first.raw[0] == "Yesterday"
    assert rows[-1].row.plays == 1  # an empty plays cell is one use


@given(st.lists(st.lists(st.text(alphabet='ab ,;"\n\r\t\\', max_size=6), min_size=1, max_size=4), max_size=6))
def test_csv_records_are_the_rows_the_csv_module_reads(rows):
    """The importer reads each row's text and splits equal texts once: numbers and values are those of csv."""
    import csv
    import io
    import tempfile
    from pathlib import Path

    from wipoconnect.core.tabular import csv_records

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "artist"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        expected = list(enumerate(csv.reader(io.StringIO(buffer.getvalue(), newline="")), start=0))[1:]
        header, records, split = csv_records(path)
        assert header == ["title", "artist"]
        assert [(line, split(text)) for line, text in records] == expected


def test_each_bad_csv_row_is_reported_with_line_and_field(tmp_path):
    errors = [r for r in open_report(_write(tmp_path, "radio.csv", CSV)).rows if isinstance(r, RowError)]
    assert [(e.line, e.field) for e in errors] == [(2, "iswc"), (3, "duration"), (5, "plays"), (6, "title")]
    assert "check digit" in errors[0].message
    assert errors[0].raw[0] == "Bad ISWC"


def test_semicolon_separated_windows_1252_csv(tmp_path):
    text = "titre;artiste;plays\nL'Été indien;Joe Dassin;2\n"
    rows = list(open_report(_write(tmp_path, "fr.csv", text, encoding="cp1252")).rows)
    assert rows[0].row.title == "L'Été indien"
    assert (rows[0].row.artist, rows[0].row.plays) == ("Joe Dassin", 2)


def test_a_file_without_a_title_column_is_refused(tmp_path):
    with pytest.raises(ReportError, match="no title"):
        open_report(_write(tmp_path, "bad.csv", "foo,bar\n1,2\n"))


def test_xlsx_cells_are_read_as_a_person_types_them(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["title", "writers", "duration", "plays", "isrc"])
    sheet.append(["Yesterday", "McCartney", time(0, 2, 5), 3.0, "GBAYE6500521"])
    sheet.append(["Broken", "X", "abc", 1, ""])
    path = tmp_path / "usage.xlsx"
    book.save(path)
    rows = list(open_report(path).rows)
    assert (rows[0].line, rows[0].row.duration, rows[0].row.plays) == (1, 125, 3)
    assert (rows[1].line, rows[1].field) == (2, "duration")


def test_a_non_workbook_is_refused_as_xlsx(tmp_path):
    with pytest.raises(ReportError, match="cannot be read as xlsx"):
        open_report(_write(tmp_path, "fake.xlsx", "not a zip"), "xlsx")


DSR = "\n".join(
    "\t".join(cells)
    for cells in [
        [
            "HEAD",
            "dsrf/1.1.2/1.6/1.0",
            "BasicAudioProfile",
            "1.2",
            "MSG1",
            "2026-04-01T00:00:00Z",
            "1",
            "1",
            "2026-01-01",
            "2026-03-31",
            "PADPIDA0000000001",
            "Streamer",
            "",
            "PADPIDA0000000002",
            "CMO",
        ],
        [
            "SY01",
            "SR1",
            "Streaming",
            "",
            "SubscriptionModel",
            "OnDemandStream",
            "FR",
            "Premium",
            "10",
            "5",
            "EUR",
            "1.00",
        ],
        ["RE01", "B1", "R1", "DSPREL1", "", "", "", "The Beatles", "", "Help!", "", "Album", "Parlophone"],
        [
            "AS02",
            "B1",
            "A1",
            "DSPRES1",
            "GBAYE6500521",
            "Yesterday",
            "Remastered",
            "The Beatles",
            "",
            "PT2M5S",
            "SoundRecording",
            "T0345246801",
            "John Lennon|Paul McCartney",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "PW1",
        ],
        ["SU02", "B1", "SR1", "T1", "R1", "A1", "true", "7", "0.0700"],
        ["RE01", "B2", "R2", "DSPREL2", "", "", "", "Other", "", "Single", "", "Single", ""],
        ["AS01", "B2", "A2", "DSPRES2", "", "Unknown Song", "", "Other", "", "PT3M", "SoundRecording"],
        ["MW01", "B2", "DW2", "", "", "Unknown Song", "", "Jane Doe"],
        ["SU01", "B2", "SR1", "T2", "R2", "", "true", "x", ""],
        ["FOOT", "9", "9", "1", "2", "2"],
    ]
)


def test_dsr_usage_records_become_rows_linked_to_their_resource_and_summary(tmp_path):
    report = open_report(_write(tmp_path, "report.tsv", DSR + "\n"))
    rows = list(report.rows)
    first = rows[0]
    assert first.line == 1
    assert (first.row.title, first.row.isrc, first.row.iswc, first.row.plays, first.row.duration) == (
        "Yesterday Remastered",
        "GBAYE6500521",
        "T0345246801",
        7,
        125,
    )
    assert first.row.writers == "John Lennon;Paul McCartney"
    assert (first.row.territory, first.row.album, first.row.revenue) == ("FR", "Help!", Decimal("0.0700"))
    # A release-level sale without a resource reference is one line per recording of the block; bad count.
    assert (rows[1].line, rows[1].field) == (2, "plays")
    assert rows[1].raw[report.columns.index("writers")] == "Jane Doe"


def test_dsr_without_foot_is_refused_as_truncated(tmp_path):
    truncated = DSR.rsplit("\n", 1)[0]
    report = open_report(_write(tmp_path, "cut.tsv", truncated), "dsr")
    with pytest.raises(ReportError, match="truncated"):
        list(report.rows)


@pytest.mark.parametrize(
    ("text", "seconds"), [("215", 215), ("3:35", 215), ("1:00:05", 3605), ("PT3M35S", 215), ("215.0", 215), ("", None)]
)
def test_duration_forms(text, seconds):
    assert parse_duration(text) == seconds


@given(st.integers(min_value=0, max_value=10 * 3600))
def test_duration_forms_agree(seconds):
    mmss = f"{seconds // 60}:{seconds % 60:02d}"
    hmmss = f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds // 60 < 1000:
        assert parse_duration(mmss) == seconds
    assert parse_duration(hmmss) == parse_duration(str(seconds)) == seconds


def test_impossible_duration_names_the_field():
    with pytest.raises(FieldError) as caught:
        parse_duration("3:75")
    assert caught.value.field == "duration"
