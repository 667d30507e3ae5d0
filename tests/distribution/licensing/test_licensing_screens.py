"""Staff screens of licensing: receivables, invoices with their calculation, credit notes, ledger, pools."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from licensing_factories import radio_setup

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import CollectionPool, Invoice, Payment
from wipoconnect.core.roles import AUDITOR, DISTRIBUTION_MANAGER, ensure_roles

pytestmark = pytest.mark.django_db
Q1 = parse_period("2026-Q1")


def login(client, role):
    user = User.objects.create_user(f"u-{role}", password="x", is_staff=True)
    user.groups.add(ensure_roles()[role])
    client.force_login(user)
    return client


def test_manager_invoices_a_period_credits_collects_and_pools_from_the_screens(client):
    who, deal = radio_setup(revenue=5_000_000)
    login(client, DISTRIBUTION_MANAGER)

    client.post("/licensing/invoices/period/", {"period": "2026-Q1"})
    invoice = Invoice.objects.get()
    page = client.get(f"/licensing/invoices/{invoice.pk}/").content.decode()
    client.post(f"/licensing/invoices/{invoice.pk}/credit/", {"amount": "500.00", "reason": "late declaration"})
    bank = f"date,amount,reference\n2026-04-20,2000.00,{invoice.number}\n".encode()
    client.post("/licensing/payments/upload/", {"file": SimpleUploadedFile("bank.csv", bank)})
    client.post("/licensing/pools/new/", {"source": "broadcaster", "right_type": "PR", "period": "2026-Q1"})

    assert "5 % × 50,000.00 EUR declared revenue" in page
    assert Invoice.objects.get(kind="credit_note").total == -50_000
    assert Payment.objects.get().allocations.get().amount == 200_000
    assert CollectionPool.objects.get().collected == 200_000
    for url in ("/licensing/", "/licensing/invoices/?open=1", f"/licensing/licensees/{who.pk}/", "/licensing/pools/"):
        assert client.get(url).status_code == 200


def test_auditor_reads_but_cannot_invoice(client):
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1, issued_on=date(2026, 4, 1))
    collection.record_payment(received_on=date(2026, 4, 9), amount=1_000, currency="EUR", licensee=who)
    login(client, AUDITOR)
    receivables = client.get("/licensing/", {"on": "2026-06-01"}).content.decode()
    assert invoice.number in receivables  # overdue since 1 May
    assert client.post("/licensing/invoices/period/", {"period": "2026-Q2"}).status_code == 403
    assert client.post(f"/licensing/invoices/{invoice.pk}/credit/", {"reason": "x"}).status_code == 403
