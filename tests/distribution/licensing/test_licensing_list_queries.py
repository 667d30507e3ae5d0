"""The licensing list endpoints (licensees to collection pools, and the receivables) make a fixed number of
queries, however many rows they list."""

import itertools
from datetime import date

import pytest

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import CollectionPool, Declaration, Invoice, PoolDraw
from distribution.runs.models import DistributionRun
from distribution.usage.models import UsageReport
from tests.distribution.licensing.licensing_factories import agreement, licensee, tariff
from tests.list_queries import assert_queries_do_not_grow, superuser_client

pytestmark = pytest.mark.django_db

numbers = itertools.count()
Q1 = parse_period("2026-Q1")


def bar_agreement():
    if not collection.Tariff.objects.filter(code="BAR").exists():
        tariff("BAR", flat_fee=36_000)
    return agreement(licensee(f"Bar {next(numbers)}", "shop"), tariff_code="BAR")


def invoice() -> Invoice:
    """An invoice with its lines, part paid and part credited."""
    bill = invoicing.invoice_agreement(agreement=bar_agreement(), period=Q1, issued_on=date(2026, 4, 1))
    invoicing.issue_credit_note(invoice=bill, amount=1_000, reason="discount", issued_on=date(2026, 4, 2))
    collection.record_payment(received_on=date(2026, 4, 15), amount=2_000, currency="EUR", invoice_number=bill.number)
    return bill


def add_licensees(n):
    for _ in range(n):
        licensee(f"Radio {next(numbers)}")


def add_tariffs(n):
    for _ in range(n):
        tariff(f"T{next(numbers)}", flat_fee=1_000)


def add_agreements(n):
    for _ in range(n):
        bar_agreement()


def add_declarations(n):
    for _ in range(n):
        report = UsageReport.objects.create(
            source="radio",
            filename="r.csv",
            checksum=f"{next(numbers):064d}",
            format="csv",
            period_start=Q1.start,
            period_end=Q1.end,
            right_type="PR",
        )
        Declaration.objects.create(
            agreement=bar_agreement(), period_start=Q1.start, period_end=Q1.end, uses=10, usage_report=report
        )


def add_invoices(n):
    for _ in range(n):
        invoice()


def add_payments(n):
    for _ in range(n):
        first, second = invoice(), invoice()
        collection.record_payment(
            received_on=date(2026, 5, 1), amount=3_000, currency="EUR", reference=f"{first.number} {second.number}"
        )


def add_pools(n):
    for _ in range(n):
        pool = CollectionPool.objects.create(
            name=f"Pool {next(numbers)}",
            source="shop",
            right_type="PR",
            territory="2136",
            period_start=Q1.start,
            period_end=Q1.end,
            currency="EUR",
            collected=10_000,
            distributed=6_000,
        )
        for amount in (1_000, 5_000):
            run = DistributionRun.objects.create(
                name="R", right_type="PR", currency="EUR", gross=amount, admin_percent=0, social_percent=0
            )
            PoolDraw.objects.create(pool=pool, run=run, amount=amount)


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [
        ("/api/v1/licensees/", add_licensees, 2),
        ("/api/v1/tariffs/", add_tariffs, 2),
        ("/api/v1/licence-agreements/", add_agreements, 2),
        ("/api/v1/declarations/", add_declarations, 2),
        ("/api/v1/invoices/", add_invoices, 3),
        ("/api/v1/payments/", add_payments, 4),
        ("/api/v1/receivables/?on=2026-06-30", add_invoices, 2),
        ("/api/v1/collection-pools/", add_pools, 4),
    ],
    ids=[
        "licensees",
        "tariffs",
        "licence-agreements",
        "declarations",
        "invoices",
        "payments",
        "receivables",
        "collection-pools",
    ],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
