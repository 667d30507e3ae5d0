"""The demo's approved run gives one CRD file per sister society it pays, and each reads back to the run's lines."""

import pytest
from django.core.management import call_command

from distribution.runs.crd import read_crd
from distribution.runs.crd_export import export_crd
from distribution.runs.models import DistributionRun

pytestmark = pytest.mark.django_db


def test_crd_files_of_the_demo_run_read_back_to_its_society_lines(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=open("/dev/null", "w"))
    runs = DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED).order_by("id")
    paying = [run for run in runs if run.lines.filter(payee_kind="society").exists()]
    assert paying, "the demo's approved runs pay sister societies"
    for run in paying:
        check_crd_files(run, tmp_path / f"crd_{run.pk}")


def check_crd_files(run: DistributionRun, out) -> None:
    expected: dict[str, dict[str, int]] = {}
    for society, work, amount in run.lines.filter(payee_kind="society").values_list("payee", "work_key", "amount"):
        expected.setdefault(society, {})[work] = amount
    paths = export_crd(run, out)
    read = {crd.recipient: crd for crd in (read_crd(p.read_text(encoding="ascii"), p.name) for p in paths)}
    assert sorted(read) == sorted(expected)
    for society, crd in read.items():
        assert {w.society_work_id: w.amount for w in crd.works} == expected[society]
        assert all(ip.society == society for w in crd.works for ip in w.ips)
        assert all(sum(e.amount for e in w.exploitations) == w.amount for w in crd.works)
    if run.right_type in ("PR", "MR"):  # (related-rights runs pay recordings: no musical-work parties to name)
        assert any(w.ips for crd in read.values() for w in crd.works), "members of the sister societies are named"
