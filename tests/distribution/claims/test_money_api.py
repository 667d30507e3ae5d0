"""REST API of the money loop: claims, adjustment runs, bank details, payment batches, incoming statements."""

from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from money_builders import approved_run, member, report, society, work
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("boss", password="x"))
    return client


@pytest.fixture
def approved():
    a, d = member("A", "12345678993"), member("D", "22345678983")
    x = work("X", "T0345246801", [(a, "CA", "100")])
    z = work("Z", "T1111111114", [(d, "CA", "100")])
    return approved_run([report([(x, 3), ("KU", 1)])], gross="100.00", admin="10", social="0"), a, d, z


def test_claim_accept_adjust_and_pay_through_the_api(admin, approved):
    run, a, d, z = approved
    filed = admin.post("/api/v1/claims/", {"run": run.pk, "key": "KU", "work": z.pk, "evidence": "setlist"})
    assert filed.status_code == 201, filed.json()
    assert filed.json()["status"] == "submitted" and filed.json()["work_key"] == z.iswc
    accepted = admin.post(f"/api/v1/claims/{filed.json()['id']}/accept/", {"note": "checked"})
    assert accepted.json()["status"] == "accepted"
    adjusted = admin.post("/api/v1/claims/adjust/", {"run": run.pk})
    assert adjusted.status_code == 201
    body = adjusted.json()
    assert body["kind"] == "adjustment" and body["summary"]["G"] == 2250 and body["suspense_left"]["unidentified"] == 0
    assert admin.get("/api/v1/claims/suspense/", {"run": run.pk}).json()["unidentified"] == 0
    again = admin.post("/api/v1/claims/adjust/", {"run": run.pk})
    assert again.status_code == 400 and "no accepted claim" in again.json()["run"]

    bad = admin.post("/api/v1/bank-accounts/", {"party": a.pk, "holder": "A", "iban": "DE89370400440532013001"})
    assert bad.status_code == 400 and "checksum" in str(bad.json()["iban"])
    ok = admin.post("/api/v1/bank-accounts/", {"party": a.pk, "holder": "A", "iban": "DE89 3704 0044 0532 0130 00"})
    assert ok.status_code == 201 and ok.json()["iban"] == "DE89370400440532013000"
    batch = admin.post("/api/v1/payment-batches/", {"runs": [run.pk]}, format="json")
    assert batch.status_code == 201 and batch.json()["total"] == 6750  # A: 90.00 − 22.50 unidentified
    xml = admin.get(f"/api/v1/payment-batches/{batch.json()['id']}/pain001/")
    schema = xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd"))
    schema.validate(xml.content.decode())
    transfers = admin.get("/api/v1/credit-transfers/", {"batch": batch.json()["id"]}).json()["results"]
    marked = admin.post(
        "/api/v1/credit-transfers/mark/",
        {"end_to_end_ids": [transfers[0]["end_to_end_id"]], "status": "paid"},
        format="json",
    )
    assert marked.json() == {"marked": 1}
    assert admin.get(f"/api/v1/payment-batches/{batch.json()['id']}/csv/").content.decode().count("\n") == 2


def test_incoming_statement_upload(admin, approved):
    society("052")
    data = (
        b"distribution id,society work id,ISWC,title,IP name,IPI name #,role,society,share %,right type,territory,"
        b"period start,period end,usage count,gross amount,currency\n"
        b"S1,,T0345246801,X,A,12345678993,CA,999,100,PR,276,2025-01-01,2025-03-31,4,10.00,USD\n"
    )
    form = {"file": SimpleUploadedFile("s.csv", data), "society": "052", "currency": "USD", "rate": "1.1"}
    response = admin.post("/api/v1/incoming-statements/upload/", form, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["gross"] == 1100 and response.json()["society"] == "052"
    form["file"] = SimpleUploadedFile("s.csv", data)
    assert admin.post("/api/v1/incoming-statements/upload/", form, format="multipart").status_code == 200


def test_money_endpoints_need_staff_permissions(approved):
    client = APIClient()
    client.force_authenticate(User.objects.create_user("nobody", password="x", is_staff=True))
    for url in (
        "/api/v1/claims/",
        "/api/v1/payment-batches/",
        "/api/v1/bank-accounts/",
        "/api/v1/incoming-statements/",
    ):
        assert client.get(url).status_code == 403
