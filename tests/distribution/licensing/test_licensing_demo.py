"""The demo ties out: invoices = Σ lines, payments matched, pool = Σ collected PR parts, run gross = pool draw."""

import pytest
from django.core.management import call_command
from django.db.models import Sum

from distribution.licensing import demo as licensing_demo
from distribution.licensing.models import CollectionPool, Invoice, InvoiceLine, Payment, PaymentAllocation, PoolEntry

pytestmark = pytest.mark.django_db


def test_demo_licensing_ties_out_to_the_cent_and_loads_once(capsys):
    call_command("demo")
    first = licensing_demo.load()
    counts = [m.objects.count() for m in (Invoice, Payment, PaymentAllocation, CollectionPool, PoolEntry)]

    again = licensing_demo.load()

    assert [m.objects.count() for m in (Invoice, Payment, PaymentAllocation, CollectionPool, PoolEntry)] == counts
    assert "payments" in first and "already imported" in again
    invoices = Invoice.objects.filter(kind="invoice")
    assert invoices.count() == 6
    for invoice in Invoice.objects.all():
        assert invoice.total == InvoiceLine.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"]
    radio = invoices.get(licensee__name="Radio Demo FM")
    assert radio.total == 831_300  # 4.5 % of 184,733.27 = 8,312.99715 → 8,313.00
    coast = invoices.get(licensee__name="Coastline Radio")
    assert [line.kind for line in coast.lines.all()] == ["revenue", "minimum"] and coast.total == 60_000
    assert invoices.get(licensee__name="Corner Café").total == 3_000  # 240.00 a year from 15 February
    assert Payment.objects.filter(allocations__isnull=True).get().payer == "Unknown Events Ltd"

    pool = CollectionPool.objects.get()
    metro = invoices.get(licensee__name="Metro TV")  # PR 85 % of what Metro TV paid
    metro_pr = PoolEntry.objects.get(allocation__invoice=metro).amount
    assert metro_pr == 788_611  # 85 % of 927,778 = 788,611.3 → floor (MR takes the cent: .7 > .3)
    assert pool.collected == 831_300 + 50_000 + metro_pr
    draw = pool.draws.get()
    run = draw.run
    assert run.gross == draw.amount == pool.collected == pool.distributed and pool.remaining == 0
    assert run.status == "calculated" and run.summary["balanced"] and run.summary["G"] == pool.collected
