"""The demo ends with an approved, balanced run and its statements as files (and loads once)."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from distribution.runs import demo
from distribution.runs.models import DistributionRun

pytestmark = pytest.mark.django_db


def test_demo_ends_with_an_approved_run_and_its_statements(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("demo distribution: run "))
    run = DistributionRun.objects.get(pk=int(line.split()[3]))
    assert run.status == "approved" and run.summary["balanced"] and "conservation ok" in line
    folder = tmp_path / "statements" / f"run_{run.pk}"
    with (folder / "csv" / "payout_lines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    paid = sum(int(r["amount"]) for r in rows if r["payee_kind"] != "brought_forward")
    assert paid == run.summary["N"]
    assert list((folder / "xlsx").glob("statement_*.xlsx"))
    assert "already written" in demo.load()
