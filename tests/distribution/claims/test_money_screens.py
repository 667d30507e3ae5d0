"""Staff screens of the money loop: claims → adjustment run, payment batch with its files, incoming upload."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from money_builders import approved_run, member, report, society, work

from distribution.payments.models import CreditTransfer, IncomingStatement, PaymentBatch
from distribution.runs.models import Claim
from wipoconnect.core import roles

pytestmark = pytest.mark.django_db


def login(client, role: str):
    user = get_user_model().objects.create_user(role.lower().replace(" ", "_"), password="pw", is_staff=True)
    user.groups.add(roles.ensure_roles()[role])
    client.force_login(user)
    return client


@pytest.fixture
def approved():
    a, d = member("A", "12345678993"), member("D", "22345678983")
    x = work("X", "T0345246801", [(a, "CA", "100")])
    z = work("Z", "T1111111114", [(d, "CA", "100")])
    return approved_run([report([(x, 3), ("KU", 1)])], gross="100.00", admin="10", social="0"), a, d, z


def test_manager_claims_pays_and_exports(client, approved):
    run, a, d, z = approved
    manager = login(client, roles.DISTRIBUTION_MANAGER)
    page = manager.get("/money/claims/")
    assert page.status_code == 200 and f"#{run.pk} Run" in page.content.decode()
    manager.post(
        "/money/claims/new/",
        {
            "run": run.pk,
            "account": "unidentified",
            "key": "KU",
            "work": z.iswc,
            "claimant": d.ipi_name,
            "evidence": "set list",
        },
    )
    claim = Claim.objects.get()
    manager.post(f"/money/claims/{claim.pk}/accept/")
    response = manager.post(f"/money/runs/{run.pk}/adjust/")
    claim.refresh_from_db()
    assert claim.status == "paid" and response.url == f"/distribution/{claim.adjustment_id}/"
    manager.post(f"/distribution/{claim.adjustment_id}/approve/")
    from distribution.payments import services as payments

    payments.add_bank_account(party_id=d.pk, holder="D", iban="DE89370400440532013000")
    response = manager.post("/money/payments/new/", {"runs": [claim.adjustment_id]})
    batch = PaymentBatch.objects.get()
    assert response.url == f"/money/payments/{batch.pk}/"
    assert "22.50" in manager.get(response.url).content.decode()
    xml = manager.get(f"/money/payments/{batch.pk}/file.xml")
    assert xml["Content-Disposition"].startswith('attachment; filename="pain001_') and b"<CtrlSum>22.50" in xml.content
    transfer = CreditTransfer.objects.get()
    manager.post(f"/money/payments/{batch.pk}/mark/", {"transfers": [transfer.end_to_end_id], "status": "paid"})
    transfer.refresh_from_db()
    assert transfer.status == "paid"


def test_incoming_upload_screen_and_errors(client, approved):
    society("052")
    manager = login(client, roles.DISTRIBUTION_MANAGER)
    data = (
        b"distribution id,ISWC,title,IP name,IPI name #,role,right type,gross amount,currency\n"
        b"S1,T0345246801,X,A,12345678993,CA,PR,10.00,USD\n"
    )
    form = {"file": SimpleUploadedFile("s.csv", data), "society": "052", "currency": "USD", "rate": "1.1"}
    response = manager.post("/money/incoming/upload/", form)
    statement = IncomingStatement.objects.get()
    assert response.url == f"/distribution/{statement.run_id}/" and statement.gross == 1100
    bad = {
        "file": SimpleUploadedFile("b.csv", b"title,gross amount\nX,abc\n"),
        "society": "052",
        "currency": "USD",
        "rate": "1",
    }
    page = manager.post("/money/incoming/upload/", bad, follow=True).content.decode()
    assert "b.csv:2 field &#x27;gross amount&#x27;" in page
    assert "052" in manager.get("/money/incoming/").content.decode()


def test_auditor_reads_but_cannot_act(client, approved):
    run, *_ = approved
    auditor = login(client, roles.AUDITOR)
    assert auditor.get("/money/claims/").status_code == 200
    assert auditor.get("/money/payments/").status_code == 200
    assert auditor.post(f"/money/runs/{run.pk}/adjust/").status_code == 403
    assert auditor.post("/money/payments/new/", {"runs": [run.pk]}).status_code == 403
