"""CRD files of a run calculated and approved by the distribution services, read back by the CRD reader."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from distribution.runs import services as runs
from distribution.runs.crd import read_crd
from distribution.runs.crd_export import crd_distributions
from exchange.partners.keys import create_key
from tests.distribution.claims.money_builders import approved_run, member, party, report, work
from tests.factories import valid_ipi
from wipoconnect.core import money

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    """The worked example's X and Y, plus Z written by two members of 035, and one unidentified play."""
    a, p = member("A", valid_ipi(11)), party("P Music", valid_ipi(12), "052")
    b, c, q = member("B", valid_ipi(13)), member("C", valid_ipi(14)), member("Q", valid_ipi(15))
    d, e = party("D", valid_ipi(16), "035"), party("E", valid_ipi(17), "035")
    x = work("X", "T0345246801", [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", None, [(b, "CA", "33.33"), (c, "CA", "33.33"), (q, "E", "33.33")])
    z = work("Z", None, [(d, "C", "60"), (e, "A", "40")])
    return approved_run([report([(x, 2), (y, 1), (z, 1), ("UNKNOWN SONG", 1)])])


def society_lines(run) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for society, work_key, amount in run.lines.filter(payee_kind="society").values_list("payee", "work_key", "amount"):
        found.setdefault(society, {})[work_key] = amount
    return found


def test_export_statements_writes_one_crd_file_per_sister_society_that_reads_back(run, tmp_path):
    out = StringIO()
    call_command("export_statements", str(run.pk), "--format", "crd", "--out", str(tmp_path / "crd"), stdout=out)
    assert out.getvalue().startswith(f"run {run.pk}: 2 files")
    files = {
        path.name[-7:-4]: read_crd(path.read_text(encoding="ascii"), path.name) for path in (tmp_path / "crd").iterdir()
    }
    expected = society_lines(run)
    assert sorted(files) == sorted(expected) == ["035", "052"]
    for society, crd in files.items():
        assert {w.society_work_id: w.amount for w in crd.works} == expected[society]
        assert crd.amount == sum(expected[society].values()) and crd.recipient == society
        assert all(ip.society == society for w in crd.works for ip in w.ips)
    (z,) = files["035"].works
    assert [(ip.name, ip.share) for ip in z.ips] == [("D", 6000), ("E", 4000)]
    assert [e.amount for e in z.exploitations] == money.split(z.amount, [6000, 4000])
    (x,) = files["052"].works
    assert (x.iswc, [ip.ipi_name for ip in x.ips]) == ("T0345246801", [valid_ipi(12)])


def test_a_partner_key_downloads_its_own_crd_file_and_csv_only(run):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Api-Key {create_key(name='k', society_code='035', scopes=['read_distributions']).token}"
    )
    response = client.get(f"/api/v1/partner/runs/{run.pk}/crd/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('_035.V20"')
    crd = read_crd(response.content.decode("ascii"))
    assert crd.recipient == "035" and crd.amount == sum(society_lines(run)["035"].values())
    csv_rows = client.get(f"/api/v1/partner/runs/{run.pk}/crd/", {"as": "csv"}).content.decode().splitlines()
    assert len(csv_rows) == 1 + 2 and csv_rows[1].split(",")[7] == "035"


def test_runs_not_yet_approved_have_no_crd_file(run):
    draft = runs.create_run(
        name="Draft",
        report_ids=list(run.reports.values_list("pk", flat=True)),
        right="PR",
        territory="2136",
        gross="10.00",
        currency="EUR",
        admin="0",
        social="0",
    )
    with pytest.raises(ValueError, match="only approved runs"):
        crd_distributions(draft)
