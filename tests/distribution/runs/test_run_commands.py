"""The operators' commands of architecture.md (Contracts): first lines, exit codes, files."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from run_factories import worked_example

from distribution.runs.models import DistributionRun

pytestmark = pytest.mark.django_db

ARGS = "--right PR --territory 2136 --gross 1000.00 --currency EUR --admin 15 --social 10 --weighting plays"


def command(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def calculated_run():
    report, parties, works = worked_example()
    out = command(
        "run_distribution", "--name", "Q1", "--reports", str(report.pk), *ARGS.split(), "--threshold", "50.00"
    )
    return DistributionRun.objects.get(), out, parties, works


def test_run_distribution_prints_the_contract_line_first():
    run, out, _, _ = calculated_run()
    assert out[0] == f"run {run.pk} calculated: G=100000 A=15000 S=10000 N=75000"
    assert "conservation: A+S+lines=100000 = G, ok" in out
    again = command("run_distribution", "--run", str(run.pk))
    assert again[0] == out[0]


def test_run_distribution_refuses_bad_input_with_a_reason():
    report, _, _ = worked_example()
    with pytest.raises(CommandError, match="two decimals"):
        command("run_distribution", "--name", "x", "--reports", str(report.pk), "--right", "PR", "--gross", "1.234")
    with pytest.raises(CommandError, match="--gross or --pool"):
        command("run_distribution", "--name", "x", "--reports", str(report.pk), "--right", "PR")
    with pytest.raises(CommandError, match="no distribution run"):
        command("run_distribution", "--run", "424242")


def test_approve_distribution_makes_the_run_immutable():
    run, _, _, _ = calculated_run()
    assert command("approve_distribution", str(run.pk))[0].startswith(f"run {run.pk} approved: G=100000")
    with pytest.raises(CommandError, match="immutable"):
        command("run_distribution", "--run", str(run.pk))
    with pytest.raises(CommandError, match="already approved"):
        command("approve_distribution", str(run.pk))


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_export_statements_csv(tmp_path):
    run, _, parties, (x, y) = calculated_run()
    out = command("export_statements", str(run.pk), "--format", "csv", "--out", str(tmp_path / "new"))
    assert out[0] == f"run {run.pk}: 9 files, 7 statements written to {tmp_path / 'new'}"
    lines = read_csv(tmp_path / "new" / "payout_lines.csv")
    assert lines[0] == ["payee_kind", "payee", "work", "amount"]
    assert ["member", parties["B"].ipi_name, y.iswc, "6250"] in lines
    assert ["suspense", "unidentified", "", "18750"] in lines
    assert sum(int(row[3]) for row in lines[1:]) == 75000
    summary = dict(read_csv(tmp_path / "new" / "summary.csv")[1:])
    assert (summary["G"], summary["A"], summary["S"], summary["N"]) == ("100000", "15000", "10000", "75000")
    assert summary["conservation_check"] == "ok"
    statement = read_csv(tmp_path / "new" / f"statement_{parties['B'].ipi_name}.csv")
    assert statement[0] == ["kind", "work", "title", "iswc", "role", "share", "weight", "amount"]
    assert statement[1] == ["member", y.iswc, "Y", y.iswc, "CA", "33.33", "1", "6250"]
    assert statement[-2:] == [
        ["total_paid", "", "", "", "", "", "", "6250"],
        ["total_carried_forward"] + [""] * 6 + ["0"],
    ]


def test_export_statements_xlsx(tmp_path):
    run, _, _, (x, _) = calculated_run()
    command("export_statements", str(run.pk), "--format", "xlsx", "--out", str(tmp_path))
    sheet = load_workbook(tmp_path / "statement_052.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert "052" in rows[0][0]
    assert rows[1] == ("kind", "work", "title", "iswc", "role", "share", "weight", "amount")
    assert rows[2] == ("society", x.iswc, "X", x.iswc, "E", "50", 2, 18750)
    assert (tmp_path / "payout_lines.xlsx").exists() and (tmp_path / "summary.xlsx").exists()


def test_export_of_a_draft_run_is_refused(tmp_path):
    report, _, _ = worked_example()
    run = DistributionRun.objects.create(
        name="d", right_type="PR", currency="EUR", gross=1, admin_percent=0, social_percent=0
    )
    run.reports.set([report])
    with pytest.raises(CommandError, match="calculate it"):
        command("export_statements", str(run.pk), "--out", str(tmp_path))
