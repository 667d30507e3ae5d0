"""Import, identification, review decisions and export of usage reports, against the database."""

import csv
import os
from datetime import date

import pytest
from django.core.management import call_command

from distribution.usage import identification
from distribution.usage.export import export_usage
from distribution.usage.identification import accept_candidate, identify_report, mark_unidentifiable, report_counts
from distribution.usage.importing import UsageImportError, import_usage
from distribution.usage.models import KeyDecision, Match, UsageLine, UsageRejection
from tests.factories import PartyFactory, RecordingFactory, WorkFactory, WorkShareFactory
from works.models import Work

pytestmark = pytest.mark.django_db
PERIOD = (date(2026, 1, 1), date(2026, 3, 31))

HEADER = "title,artist,writers,isrc,iswc,duration,plays\n"


@pytest.fixture
def repertoire():
    yesterday = WorkFactory(title="Yesterday", iswc="T0345246801")
    WorkShareFactory(work=yesterday, party=PartyFactory(last_name="McCartney", first_name="Paul"))
    train = WorkFactory(title="Midnight Train to Georgia")
    WorkShareFactory(work=train, party=PartyFactory(last_name="Weatherly", first_name="Jim"))
    home_a, home_b = WorkFactory(title="Home"), WorkFactory(title="Home")
    smith = PartyFactory(last_name="Smith")
    WorkShareFactory(work=home_a, party=smith)
    WorkShareFactory(work=home_b, party=smith)
    RecordingFactory(work=train, isrc="USABC0012345", artist="Gladys Knight")
    return {"yesterday": yesterday, "train": train, "home": {home_a.pk, home_b.pk}}


def _report(tmp_path, body, name="usage.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _import(path, **kwargs):
    return import_usage(path=path, source="Radio One", period=PERIOD, right_type="PR", **kwargs)


BODY = (
    'Yesterday (Remastered),,"McCartney, Paul",,,2:05,3\n'  # 1 exact
    "Something,,,USABC0012345,,,2\n"  # 2 ISRC → the train
    "Yesterday,,P. McCartney,,,,1\n"  # 3 same key as line 1
    "Midnigth Train Georgia to,,Jim Weatherly,,,,1\n"  # 4 fuzzy auto
    "Home,,J. Smith,,,,4\n"  # 5 review: two works
    "Unknown Song,,Nobody,,,,1\n"  # 6 unidentified
    "Bad,,X,,T-034.524.680-2,,1\n"  # 7 error: ISWC check digit
)


def test_import_keeps_good_rows_and_sets_bad_rows_aside_with_line_and_field(tmp_path, repertoire):
    result = _import(_report(tmp_path, BODY))
    assert (result.lines, result.rejected) == (6, 1)
    assert result.summary() == f"report {result.report.pk}: 6 lines, 1 rejected"
    rejection = UsageRejection.objects.get(report=result.report)
    assert (rejection.line, rejection.field, rejection.raw[0]) == (7, "iswc", "Bad")
    lines = list(UsageLine.objects.filter(report=result.report).order_by("line"))
    assert [line.line for line in lines] == [1, 2, 3, 4, 5, 6]
    assert lines[0].match_id == lines[2].match_id  # same normalized key, one match
    assert Match.objects.filter(report=result.report).count() == 5
    assert Match.objects.get(pk=lines[0].match_id).plays == 4


TRICKY = (
    'Yesterday,,"McCartney, Paul",,,2:05,3\n'  # 1
    '"Song\nin two lines",,"Doe, Jane",,,,2\n'  # 2: a quoted line break (the row takes two lines of the file)
    "Yesterday,,P. McCartney,,,,1\n"  # 3: same key as line 1
    '12" Mix,,Sam Fox,,,,1\n'  # 4: a quote inside an unquoted value is a plain character
    "\n"  # 5: blank, skipped
    "Bad,,X,,T-034.524.680-2,,1\n"  # 6: bad ISWC
    'Yesterday,,"McCartney, Paul",,,2:05,3\n'  # 7: the same row as line 1
    "Bad,,X,,T-034.524.680-2,,1\n"  # 8: the same bad row again
    "Tab\\and\tback,,,,,,1\n"  # 9: a tab and a backslash in a value (escaped for COPY)
)


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked-workers"])
def test_each_distinct_row_is_prepared_once_in_process_or_by_workers(tmp_path, forked, monkeypatch):
    from distribution.usage import importing as usage_import

    monkeypatch.setattr(usage_import, "BATCH_SIZE", 3)  # lines spread over several batches
    monkeypatch.setattr(usage_import, "CHUNK", 2)
    monkeypatch.setattr(usage_import, "PARSE_CACHE", 3)  # distinct rows forgotten on the way: keys still shared
    if forked:  # the path big files take
        monkeypatch.setattr(usage_import, "PARALLEL_MIN_BYTES", 0)
    path = _report(tmp_path, TRICKY)
    assert usage_import._workers(path) == (min(usage_import.PROCESSES, os.cpu_count() or 1) if forked else 0)
    result = _import(path)
    assert (result.lines, result.rejected) == (6, 2)
    assert [(e.line, e.field) for e in result.errors] == [(6, "iswc"), (8, "iswc")]
    assert list(UsageRejection.objects.filter(report=result.report).values_list("line", "raw")) == [
        (6, ["Bad", "", "X", "", "T-034.524.680-2", "", "1"]),
        (8, ["Bad", "", "X", "", "T-034.524.680-2", "", "1"]),
    ]
    lines = {line.line: line for line in UsageLine.objects.filter(report=result.report)}
    assert sorted(lines) == [1, 2, 3, 4, 7, 9]
    assert (lines[2].title, lines[4].title, lines[9].title) == ("Song\nin two lines", '12" Mix', "Tab\\and\tback")
    assert (lines[1].duration, lines[1].plays, lines[3].duration) == (125, 3, None)
    assert lines[1].match_id == lines[3].match_id == lines[7].match_id
    matches = {m.pk: m for m in Match.objects.filter(report=result.report)}
    assert len(matches) == 4
    yesterday = matches[lines[1].match_id]
    assert (yesterday.line_count, yesterday.plays, yesterday.norm_writers) == (3, 7, "MCCARTNEY")
    assert (yesterday.title, yesterday.writers, yesterday.key) == ("Yesterday", "McCartney, Paul", lines[1].key)
    assert sum(m.line_count for m in matches.values()) == 6


def test_a_file_failing_half_way_leaves_nothing_behind(tmp_path):
    path = tmp_path / "cut.tsv"
    path.write_text("HEAD\tdsrf\nSY01\tS1\nAS01\tB1\tA1\t\t\tSong\nSU01\tB1\tS1\tT1\t\tA1\ttrue\t3\n")
    with pytest.raises(UsageImportError, match="truncated"):
        _import(path, fmt="dsr")
    assert not UsageLine.objects.exists() and not Match.objects.exists()


def test_the_same_file_is_not_imported_twice(tmp_path, repertoire):
    path = _report(tmp_path, BODY)
    first = _import(path)
    again = _import(path)
    assert again.already_imported and again.report.pk == first.report.pk
    assert UsageLine.objects.count() == 6


def test_a_file_without_usable_columns_is_refused_and_leaves_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(UsageImportError, match="no title"):
        _import(path)
    assert not UsageLine.objects.exists()


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked-workers"])
def test_identification_runs_the_cascade_per_key(tmp_path, repertoire, forked, monkeypatch):
    if forked:  # the path big reports take: keys spread over forked workers sharing the index
        monkeypatch.setattr(identification, "PARALLEL_MIN", 1)
        monkeypatch.setattr(identification, "BATCH_SIZE", 2)
    report = _import(_report(tmp_path, BODY)).report
    counts = identify_report(report=report)
    assert (counts.auto, counts.review, counts.unidentified) == (4, 1, 1)
    by_line = {line.line: line.match for line in UsageLine.objects.filter(report=report).select_related("match")}
    assert (by_line[1].work_id, by_line[1].method) == (repertoire["yesterday"].pk, "exact")
    assert (by_line[2].work_id, by_line[2].method) == (repertoire["train"].pk, "isrc")
    assert (by_line[4].work_id, by_line[4].method, by_line[4].status) == (repertoire["train"].pk, "fuzzy", "auto")
    assert by_line[5].status == "review"
    assert {c["work"] for c in by_line[5].candidates} == repertoire["home"]
    assert by_line[6].status == "unidentified"


def test_staff_decisions_are_remembered_for_later_reports(tmp_path, repertoire):
    report = _import(_report(tmp_path, BODY)).report
    identify_report(report=report)
    review = Match.objects.get(report=report, status="review")
    chosen = sorted(repertoire["home"])[1]
    accept_candidate(match_id=review.pk, work_id=chosen)
    unknown = Match.objects.get(report=report, status="unidentified")
    mark_unidentifiable(match_id=unknown.pk)
    assert KeyDecision.objects.count() == 2

    later = _import(_report(tmp_path, "HOME,,Smith,,,,1\nUnknown song,,NOBODY,,,,2\n", "q2.csv")).report
    counts = identify_report(report=later)
    assert (counts.auto, counts.review, counts.unidentified) == (1, 0, 1)  # lines, not plays
    confirmed = Match.objects.get(report=later, status="confirmed")
    assert (confirmed.work_id, confirmed.method) == (chosen, "manual")
    assert Match.objects.get(report=later, key=unknown.key).status == "rejected"
    assert report_counts(later) == counts


def test_export_lists_every_line_in_order_with_status_work_and_score(tmp_path, repertoire):
    report = _import(_report(tmp_path, BODY)).report
    identify_report(report=report)
    out = tmp_path / "out" / "export.csv"
    assert export_usage(report=report, out=out) == 7
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[-6:] == ["line", "status", "work", "candidate", "method", "score"]
    assert [r["line"] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [r["status"] for r in rows] == ["auto", "auto", "auto", "auto", "review", "unidentified", "error"]
    assert rows[0]["work"] == "T0345246801" and rows[0]["score"] == "100.0"
    assert rows[1]["work"] == repertoire["train"].code
    assert rows[4]["work"] == ""
    assert rows[4]["candidate"] in {w.key for w in Work.objects.filter(pk__in=repertoire["home"])}
    assert rows[5]["score"] == "" and rows[5]["work"] == ""
    assert rows[6]["title"] == "Bad" and rows[6]["iswc"] == "T-034.524.680-2"


def test_commands_print_the_contract_summaries(tmp_path, repertoire, capsys):
    path = _report(tmp_path, BODY)
    call_command("import_usage", str(path), "--source", "Radio", "--period", "2026-01-01..2026-03-31", "--right", "PR")
    out = capsys.readouterr().out.splitlines()
    report_id = int(out[0].split()[1].rstrip(":"))
    assert out[0] == f"report {report_id}: 6 lines, 1 rejected"
    assert out[1] == "usage.csv:7 field 'iswc': ISWC 'T-034.524.680-2': check digit fails (expected 1)"
    call_command("identify", str(report_id))
    assert capsys.readouterr().out.splitlines()[0] == f"report {report_id}: 4 auto, 1 review, 1 unidentified"
    call_command("export_usage", str(report_id), "--out", str(tmp_path / "e.xlsx"))
    assert capsys.readouterr().out.startswith(f"report {report_id}: 7 lines exported")


def test_dsr_report_is_imported_identified_and_exported_with_its_columns(tmp_path, repertoire):
    from tests.distribution.usage.test_usage_readers import DSR

    path = tmp_path / "dsp.tsv"
    path.write_text(DSR + "\n", encoding="utf-8")
    report = _import(path).report
    assert (report.format, report.line_count, report.rejected_count) == ("dsr", 1, 1)
    identify_report(report=report)
    out = tmp_path / "dsp.csv"
    export_usage(report=report, out=out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["status"], r["work"], r["method"]) for r in rows] == [
        ("1", "auto", "T0345246801", "iswc"),
        ("2", "error", "", ""),
    ]
    assert (rows[0]["isrc"], rows[0]["territory"], rows[1]["writers"]) == ("GBAYE6500521", "FR", "Jane Doe")


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked-workers"])
def test_xlsx_report_round_trips_through_export(tmp_path, repertoire, forked, monkeypatch):
    import openpyxl

    from distribution.usage import importing as usage_import

    if forked:  # rows of a workbook cross to the workers as tuples of values
        monkeypatch.setattr(usage_import, "PARALLEL_MIN_BYTES", 0)

    book = openpyxl.Workbook()
    book.active.append(["Station", "Title", "Writers", "Plays"])
    book.active.append(["R1", "Yesterday", "Paul McCartney", 2])
    book.active.append(["R2", "Unknown", "Nobody", 1])
    path = tmp_path / "usage.xlsx"
    book.save(path)
    report = _import(path).report
    identify_report(report=report)
    out = tmp_path / "back.xlsx"
    assert export_usage(report=report, out=out) == 2
    rows = list(openpyxl.load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == ("Station", "Title", "Writers", "Plays", "line", "status", "work", "candidate", "method", "score")
    assert rows[1][:7] == ("R1", "Yesterday", "Paul McCartney", "2", "1", "auto", "T0345246801")
    assert rows[2][5] == "unidentified"


def test_a_licensee_title_that_looks_like_a_formula_is_exported_inert_and_reimports_as_sent(tmp_path, repertoire):
    dde = "=cmd|' /C calc'!A0"
    report = _import(_report(tmp_path, f'"{dde}",,Smith,,,3:00,2\n')).report
    assert UsageLine.objects.get(report=report).title == dde
    out = tmp_path / "export.csv"

    export_usage(report=report, out=out)

    with open(out, newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["title"] == "'" + dde  # behind OWASP's apostrophe: never evaluated
    again = _import(out).report  # the export is a report of its own (its extra columns are kept)
    assert UsageLine.objects.get(report=again).title == dde
