"""Admin screens of licensing: lists render with computed amounts; documents are read-only; saving uses services."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from licensing_factories import radio_setup

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import Licensee
from wipoconnect.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_admin_lists_show_invoices_payments_and_pools(admin_client):
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=parse_period("2026-Q1"))
    collection.record_payment(received_on=date(2026, 4, 9), amount=invoice.total, currency="EUR", licensee=who)
    collection.create_pool(
        source="broadcaster", right_type="PR", territory="2136", period=parse_period("2026-Q1"), currency="EUR"
    )
    for url in ("invoice", "payment", "collectionpool", "licensee", "tariff", "licenceagreement"):
        assert admin_client.get(f"/admin/distribution/{url}/").status_code == 200
    page = admin_client.get(f"/admin/distribution/invoice/{invoice.pk}/change/")
    assert page.status_code == 200 and "5 % × 50,000.00 EUR" in page.content.decode()
    assert admin_client.get("/admin/distribution/invoice/add/").status_code == 403


def test_a_licensee_added_in_the_admin_gets_a_code_and_an_audit_entry(admin_client):
    response = admin_client.post(
        "/admin/distribution/licensee/add/", {"name": "Club Uno", "kind": "venue", "territory": "2136"}
    )
    assert response.status_code == 302
    club = Licensee.objects.get()
    assert club.code.startswith("L") and AuditEntry.objects.filter(model="distribution.licensee").exists()
