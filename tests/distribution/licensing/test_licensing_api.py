"""REST API of licensing: the whole loop from licensee to pool draw, permissions, exports, query counts."""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from distribution.licensing.models import CollectionPool, Invoice
from distribution.runs import services as runs
from distribution.usage.models import UsageLine, UsageReport
from wipoconnect.core.roles import AUDITOR, DISTRIBUTION_MANAGER, ensure_roles

pytestmark = pytest.mark.django_db


def client_with_role(role: str) -> APIClient:
    groups = ensure_roles()
    user = User.objects.create_user(f"user-{role}", password="x", is_staff=True)
    user.groups.add(groups[role])
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def manager():
    return client_with_role(DISTRIBUTION_MANAGER)


def post(client, url, data, code=201, **kwargs):
    response = client.post(url, data, format=kwargs.pop("format", "json"), **kwargs)
    assert response.status_code == code, response.content
    return response.json()


def shop_agreement(client, name):
    who = post(client, "/api/v1/licensees/", {"name": name, "kind": "shop"})
    deal = {"licensee": who["id"], "rights": {"PR": "100"}, "valid_from": "2026-01-01", "tariff_code": "BAR"}
    return post(client, "/api/v1/licence-agreements/", deal)


def test_licensing_loop_through_the_api(manager):
    tariff = {
        "code": "DSP",
        "name": "Streaming",
        "valid_from": "2026-01-01",
        "currency": "EUR",
        "revenue_percent": "10",
        "per_use_rate": "0.001",
        "minimum_fee": 40000,
        "fee_months": 3,
    }
    post(manager, "/api/v1/tariffs/", tariff)
    licensee = post(manager, "/api/v1/licensees/", {"name": "StreamCo", "kind": "digital_service"})
    deal = post(
        manager,
        "/api/v1/licence-agreements/",
        {
            "licensee": licensee["id"],
            "rights": {"PR": "75", "MR": "25"},
            "valid_from": "2026-01-01",
            "tariff_code": "DSP",
            "territory": "2136",
        },
    )
    post(
        manager,
        "/api/v1/declarations/",
        {"agreement": deal["id"], "period": "2026-Q1", "revenue": 1_000_000, "uses": 1_234_567},
    )

    invoice = post(manager, "/api/v1/invoices/", {"agreement": deal["id"], "period": "2026-Q1"})
    assert invoice["total"] == 100_000 + 123_457 == sum(line["amount"] for line in invoice["lines"])
    assert "1,234,567 uses × 0.001 EUR = 1,234.567 → 1,234.57 EUR" in invoice["calculation"]
    assert invoice["open_amount"] == invoice["total"]

    payment = post(
        manager, "/api/v1/payments/", {"received_on": "2026-04-15", "amount": 200_000, "reference": invoice["number"]}
    )
    assert payment["licensee"] == licensee["id"] and payment["unallocated"] == 0
    note = post(manager, f"/api/v1/invoices/{invoice['id']}/credit/", {"amount": 3_457, "reason": "rounding"})
    assert note["total"] == -3_457 and note["credited"] == invoice["number"]
    left = manager.get(f"/api/v1/invoices/{invoice['id']}/").json()
    assert left["open_amount"] == 223_457 - 3_457 - 200_000
    manual = post(manager, "/api/v1/payments/", {"received_on": "2026-04-20", "amount": 30_000, "payer": "?"})
    allocated = post(manager, f"/api/v1/payments/{manual['id']}/allocate/", {"invoice": invoice["number"]}, 200)
    assert allocated["unallocated"] == 10_000

    pool = post(
        manager,
        "/api/v1/collection-pools/",
        {"source": "digital_service", "right_type": "PR", "period": "2026-Q1", "territory": "2136"},
    )
    assert pool["collected"] == 165_000  # 75 % of 200,000 and of 20,000
    report = UsageReport.objects.create(
        source="dsp",
        filename="d.csv",
        checksum="d" * 64,
        format="csv",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        right_type="PR",
    )
    run = runs.create_run(
        name="DSP Q1",
        report_ids=[report.pk],
        right="PR",
        territory="2136",
        gross="0",
        currency="EUR",
        admin="10",
        social="0",
    )
    drawn = post(manager, f"/api/v1/collection-pools/{pool['id']}/draw/", {"run": run.pk})
    assert (drawn["distributed"], drawn["remaining"], drawn["draws"][0]["run"]) == (165_000, 0, run.pk)
    again = manager.post(f"/api/v1/collection-pools/{pool['id']}/draw/", {"run": run.pk + 999}, format="json")
    assert again.status_code == 400

    ledger = manager.get(f"/api/v1/licensees/{licensee['id']}/ledger/").json()
    assert [row["balance"] for row in ledger][-1] == 223_457 - 3_457 - 200_000 - 30_000
    (balance,) = manager.get("/api/v1/receivables/", {"on": "2026-06-30"}).json()
    assert (balance["outstanding"], balance["paid"]) == (-10_000, 230_000)  # overpaid by 100.00


def test_invoice_period_endpoint_reports_what_it_could_not_invoice(manager):
    post(
        manager,
        "/api/v1/tariffs/",
        {
            "code": "BAR",
            "name": "Bars",
            "valid_from": "2026-01-01",
            "currency": "EUR",
            "flat_fee": 36000,
            "fee_months": 12,
        },
    )
    post(
        manager,
        "/api/v1/tariffs/",
        {"code": "TV", "name": "TV", "valid_from": "2026-01-01", "currency": "EUR", "revenue_percent": "2"},
    )
    for name, kind, code in (("Bar Uno", "shop", "BAR"), ("TV Uno", "broadcaster", "TV")):
        who = post(manager, "/api/v1/licensees/", {"name": name, "kind": kind})
        post(
            manager,
            "/api/v1/licence-agreements/",
            {"licensee": who["id"], "rights": {"PR": "100"}, "valid_from": "2026-01-01", "tariff_code": code},
        )

    body = post(manager, "/api/v1/invoices/invoice-period/", {"period": "2026-03", "issued_on": "2026-04-01"})

    assert [i["total"] for i in body["invoices"]] == [3_000] and body["totals"] == {"EUR": 3_000}
    assert len(body["not_invoiced"]) == 1 and "needs declared revenue" in body["not_invoiced"][0]
    bad = manager.post("/api/v1/invoices/invoice-period/", {"period": "March"}, format="json")
    assert bad.status_code == 400 and "period" in bad.json()


def test_bank_file_upload_and_excel_exports(manager):
    post(
        manager,
        "/api/v1/tariffs/",
        {
            "code": "BAR",
            "name": "Bars",
            "valid_from": "2026-01-01",
            "currency": "EUR",
            "flat_fee": 36000,
            "fee_months": 12,
        },
    )
    deal = shop_agreement(manager, "Bar Uno")
    invoice = post(manager, "/api/v1/invoices/", {"agreement": deal["id"], "period": "2026"})
    csv = f"date,amount,reference\n2026-02-01,360.00,{invoice['number']}\n".encode()
    upload = {"file": SimpleUploadedFile("bank.csv", csv, content_type="text/csv")}

    body = post(manager, "/api/v1/payments/import/", upload, format="multipart")
    again = manager.post("/api/v1/payments/import/", {"file": SimpleUploadedFile("bank.csv", csv)}, format="multipart")

    assert body["summary"].endswith("1 payments, 1 matched, 0 unmatched, 0 rejected")
    assert again.status_code == 200 and again.json()["already"]
    assert manager.get("/api/v1/invoices/", {"open": "true"}).json()["count"] == 0
    export = manager.get("/api/v1/invoices/export/", {"period": "2026"})
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content)))["invoices"]
    assert [c.value for c in sheet[2]][0] == invoice["number"]
    ledger = manager.get("/api/v1/receivables/export/", {"on": "2026-12-31"})
    assert ledger.status_code == 200 and ledger["Content-Disposition"].endswith('receivables-2026-12-31.xlsx"')


def test_auditors_read_but_do_not_write_and_strangers_see_nothing():
    auditor = client_with_role(AUDITOR)
    assert auditor.get("/api/v1/invoices/").status_code == 200
    assert auditor.get("/api/v1/receivables/").status_code == 200
    refused = auditor.post("/api/v1/licensees/", {"name": "X", "kind": "shop"}, format="json")
    assert refused.status_code == 403
    assert APIClient().get("/api/v1/invoices/").status_code in (401, 403)
    assert APIClient().get("/api/v1/receivables/").status_code in (401, 403)


def test_invoice_list_does_not_query_per_invoice(manager, django_assert_max_num_queries):
    post(
        manager,
        "/api/v1/tariffs/",
        {
            "code": "BAR",
            "name": "Bars",
            "valid_from": "2026-01-01",
            "currency": "EUR",
            "flat_fee": 36000,
            "fee_months": 12,
        },
    )
    for n in range(6):
        deal = shop_agreement(manager, f"Bar {n}")
        post(manager, "/api/v1/invoices/", {"agreement": deal["id"], "period": "2026-Q1"})
    assert Invoice.objects.count() == 6 and not CollectionPool.objects.exists()
    with django_assert_max_num_queries(8):
        assert manager.get("/api/v1/invoices/").json()["count"] == 6


def test_declaration_from_a_usage_report(manager):
    post(
        manager,
        "/api/v1/tariffs/",
        {"code": "TV", "name": "TV", "valid_from": "2026-01-01", "currency": "EUR", "per_use_rate": "0.25"},
    )
    who = post(manager, "/api/v1/licensees/", {"name": "TV Uno", "kind": "broadcaster"})
    deal = post(
        manager,
        "/api/v1/licence-agreements/",
        {"licensee": who["id"], "rights": {"PR": "100"}, "valid_from": "2026-01-01", "tariff_code": "TV"},
    )
    report = UsageReport.objects.create(
        source="tv",
        filename="t.csv",
        checksum="t" * 64,
        format="csv",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        right_type="PR",
    )
    UsageLine.objects.create(report=report, line=1, key="K", plays=12, duration=60)

    body = post(manager, "/api/v1/declarations/from-usage/", {"agreement": deal["id"], "report": report.pk})

    assert (body["uses"], body["seconds"], body["period_start"]) == (12, 720, "2026-01-01")
    invoice = post(manager, "/api/v1/invoices/", {"agreement": deal["id"], "period": "2026-Q1"})
    assert invoice["total"] == 300
