"""Licensing services: tariffs, invoices with their calculation, credit notes, payments and matching, pools."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from licensing_factories import agreement, licensee, radio_setup, tariff

from distribution.licensing import invoicing, receivables
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import CollectionPool, Invoice, PaymentAllocation, PoolEntry

pytestmark = pytest.mark.django_db
Q1 = parse_period("2026-Q1")


def test_invoicing_a_declared_period_bills_the_tariff_and_shows_the_calculation():
    who, deal = radio_setup(revenue=5_000_000)  # 50,000.00 declared

    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1, issued_on=date(2026, 4, 5))

    assert invoice.total == 250_000  # 5 % of 50,000.00 (above the quarter's minimum of 300.00)
    assert invoice.total == sum(line.amount for line in invoice.lines.all())
    assert "5 % × 50,000.00 EUR declared revenue = 2,500.00 EUR" in invoice.calculation
    assert invoice.number.startswith("INV-2026-") and invoice.due_on == date(2026, 5, 5)
    assert (invoice.licensee_kind, invoice.territory, invoice.rights) == ("broadcaster", "2136", {"PR": "100.00"})


def test_a_period_is_invoiced_once_and_missing_declarations_are_reported_not_guessed():
    radio_setup()
    silent = agreement(licensee("Radio Two"))
    tariff("SHOP", flat_fee=24000)
    flat = agreement(licensee("Corner Shop", "shop"), tariff_code="SHOP", valid_from=date(2026, 2, 1))

    first = invoicing.invoice_period(period=Q1, issued_on=date(2026, 4, 1))
    again = invoicing.invoice_period(period=Q1, issued_on=date(2026, 4, 2))

    assert len(first["invoices"]) == 2 and again["invoices"] == [] and again["already"] == 2
    assert [p.split(":")[0] for p in first["problems"]] == [silent.reference]
    assert "needs declared revenue" in first["problems"][0]
    shop = Invoice.objects.get(agreement=flat)
    assert shop.total == 4000  # 240.00 a year × 2 months (from 1 February)
    assert first["totals"] == {"EUR": sum(i.total for i in first["invoices"])}


def test_small_declaration_is_topped_up_to_the_minimum_fee():
    who, deal = radio_setup(revenue=100_000)  # 5 % = 50.00, minimum 300.00 a quarter
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1)
    assert invoice.total == 30000
    assert [line.kind for line in invoice.lines.all()] == ["revenue", "minimum"]


def test_tariff_versions_apply_by_date_and_cannot_overlap():
    tariff("RADIO", revenue_percent=Decimal("5"), valid_to=date(2026, 3, 31))
    tariff("RADIO", revenue_percent=Decimal("6"), valid_from=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="overlaps"):
        tariff("RADIO", revenue_percent=Decimal("7"), valid_from=date(2026, 6, 1))
    deal = agreement(licensee())
    for period in ("2026-Q1", "2026-Q2"):
        invoicing.record_declaration(agreement=deal, period=parse_period(period), revenue=100_000)
        invoicing.invoice_agreement(agreement=deal, period=parse_period(period))
    assert sorted(Invoice.objects.values_list("total", flat=True)) == [5000, 6000]
    invoicing.record_declaration(agreement=deal, period=parse_period("2026"), revenue=100_000)
    with pytest.raises(ValidationError, match="versions from 2020-01-01, 2026-04-01"):
        invoicing.invoice_agreement(agreement=deal, period=parse_period("2026"))


def test_agreement_rights_must_add_up_to_100_percent():
    tariff("RADIO", flat_fee=100)
    with pytest.raises(ValidationError, match="not 100 %"):
        agreement(licensee(), rights={"PR": "70", "MR": "20"})
    with pytest.raises(ValidationError, match="right 'XX'"):
        agreement(licensee(), rights={"XX": "100"})


def test_credit_note_reduces_what_is_open_and_a_full_credit_allows_invoicing_again():
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1)

    note = invoicing.issue_credit_note(invoice=invoice, amount=50_000, reason="revenue corrected")
    assert note.total == -50_000 and note.number.startswith("CN-")
    assert receivables.open_amounts([invoice.pk])[invoice.pk] == 200_000
    with pytest.raises(ValidationError, match="can credit 1 to 200000"):
        invoicing.issue_credit_note(invoice=invoice, amount=200_001, reason="too much")
    with pytest.raises(ValidationError, match="already invoiced"):
        invoicing.record_declaration(agreement=deal, period=Q1, revenue=1)

    invoicing.issue_credit_note(invoice=invoice, reason="declaration replaced")
    invoicing.record_declaration(agreement=deal, period=Q1, revenue=4_000_000)
    again = invoicing.invoice_agreement(agreement=deal, period=Q1)
    assert again.total == 200_000 and Invoice.objects.get(pk=invoice.pk).cancelled


def test_payments_match_named_invoices_first_then_the_oldest_and_keep_the_rest_unallocated():
    who, deal = radio_setup(revenue=5_000_000)
    q1 = invoicing.invoice_agreement(agreement=deal, period=Q1, issued_on=date(2026, 4, 1))
    q2 = parse_period("2026-Q2")
    invoicing.record_declaration(agreement=deal, period=q2, revenue=2_000_000)
    later = invoicing.invoice_agreement(agreement=deal, period=q2, issued_on=date(2026, 7, 1))

    named = collection.record_payment(
        received_on=date(2026, 7, 2), amount=60_000, currency="EUR", reference=f"pay {later.number}"
    )
    assert named.licensee == who  # found through the invoice it names
    assert list(named.allocations.values_list("invoice", "amount")) == [(later.pk, 60_000)]

    oldest = collection.record_payment(received_on=date(2026, 7, 3), amount=300_000, currency="EUR", licensee=who)
    assert list(oldest.allocations.values_list("invoice", "amount")) == [(q1.pk, 250_000), (later.pk, 40_000)]
    extra = collection.record_payment(received_on=date(2026, 7, 4), amount=7_000, currency="EUR", licensee=who)
    assert not extra.allocations.exists()
    unallocated = dict(receivables.with_unallocated(type(extra).objects.all()).values_list("pk", "unallocated"))
    assert (unallocated[oldest.pk], unallocated[extra.pk]) == (10_000, 7_000)
    assert receivables.open_amounts([q1.pk, later.pk]) == {q1.pk: 0, later.pk: 0}


def test_staff_match_an_unknown_payment_by_hand_within_what_is_open():
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1)
    payment = collection.record_payment(received_on=date(2026, 4, 9), amount=300_000, currency="EUR", payer="?")
    with pytest.raises(ValidationError, match="250000 open"):
        collection.allocate_payment(payment=payment, invoice=invoice, amount=260_000)
    allocation = collection.allocate_payment(payment=payment, invoice=invoice)
    assert allocation.amount == 250_000 and allocation.method == PaymentAllocation.Method.MANUAL
    payment.refresh_from_db()
    assert payment.licensee == who


def test_receivables_show_outstanding_and_overdue_per_licensee():
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1, issued_on=date(2026, 4, 1))
    collection.record_payment(received_on=date(2026, 4, 20), amount=50_000, currency="EUR", licensee=who)
    (row,) = receivables.balances(date(2026, 6, 15))
    assert (row.invoiced, row.paid, row.outstanding, row.overdue) == (250_000, 50_000, 200_000, 200_000)
    assert row.aging["31-60"] == 200_000  # due 1 May, 45 days late
    assert list(receivables.overdue(date(2026, 5, 2))) == [invoice]
    ledger = receivables.ledger(who)
    assert [r.balance for r in ledger] == [250_000, 200_000]


def _collected_money(rights=None):
    """Two broadcasters invoiced for Q1 and paid; one licence PR 70 % / MR 30 %."""
    tariff("RADIO", revenue_percent=Decimal("5"))
    one, two = licensee("Radio One"), licensee("Radio Two")
    deals = [agreement(one), agreement(two, rights=rights or {"PR": "70", "MR": "30"})]
    for deal, revenue in zip(deals, (1_000_001, 2_000_003), strict=True):
        invoicing.record_declaration(agreement=deal, period=Q1, revenue=revenue)
        invoice = invoicing.invoice_agreement(agreement=deal, period=Q1)
        collection.record_payment(
            received_on=date(2026, 4, 30), amount=invoice.total, currency="EUR", reference=invoice.number
        )
    return deals


def test_pool_collects_paid_money_by_right_and_never_pools_it_twice():
    _collected_money()  # invoices 50,000.05 → 500.00 and 100,000.15 → 1,000.00 (half to even)
    pr = collection.create_pool(source="broadcaster", right_type="PR", territory="2136", period=Q1, currency="EUR")
    mr = collection.create_pool(source="broadcaster", right_type="MR", territory="2136", period=Q1, currency="EUR")

    assert (pr.collected, mr.collected) == (50_000 + 70_000, 30_000)
    assert sum(PoolEntry.objects.values_list("amount", flat=True)) == 150_000  # every cent paid, once
    with pytest.raises(ValidationError, match="nothing collected"):
        collection.create_pool(source="broadcaster", right_type="PR", territory="2136", period=Q1, currency="EUR")


def test_pool_balance_is_protected_by_the_database_too():
    _collected_money()
    pool = collection.create_pool(source="broadcaster", right_type="PR", territory="2136", period=Q1, currency="EUR")
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectionPool.objects.filter(pk=pool.pk).update(distributed=pool.collected + 1)


def _draft_run(right="PR", currency="EUR"):
    from distribution.runs import services as runs
    from distribution.usage.models import UsageReport

    report = UsageReport.objects.create(
        source="radio",
        filename="r.csv",
        checksum=f"{UsageReport.objects.count() + 1:064d}",
        format="csv",
        period_start=Q1.start,
        period_end=Q1.end,
        right_type=right,
    )
    return runs.create_run(
        name="Q1 radio",
        report_ids=[report.pk],
        right=right,
        territory="2136",
        gross="0",
        currency=currency,
        admin="15",
        social="10",
    )


def test_a_run_takes_its_gross_from_a_pool_and_the_pool_cannot_be_distributed_twice():
    _collected_money()
    pool = collection.create_pool(source="broadcaster", right_type="PR", territory="2136", period=Q1, currency="EUR")
    run = _draft_run()

    draw = collection.draw_from_pool(run, pool)
    assert collection.draw_from_pool(run, pool) == draw  # the same run drawing again changes nothing
    run.refresh_from_db()
    pool.refresh_from_db()
    assert run.gross == draw.amount == pool.collected == 120_000
    assert (pool.distributed, pool.remaining) == (120_000, 0)
    with pytest.raises(ValidationError, match=f"pool {pool.pk}: nothing left"):
        collection.draw_from_pool(_draft_run(), pool)


def test_a_pool_can_be_drawn_in_parts_but_never_below_zero():
    _collected_money()
    pool = collection.create_pool(source="broadcaster", right_type="PR", territory="2136", period=Q1, currency="EUR")
    first, second, third = _draft_run(), _draft_run(), _draft_run()
    collection.draw_from_pool(first, pool, amount=100_000)
    with pytest.raises(ValidationError, match="only 20000 remains"):
        collection.draw_from_pool(second, pool, amount=20_001)
    collection.draw_from_pool(second, pool)
    pool.refresh_from_db()
    assert pool.remaining == 0
    collection.release_draw(run=second)
    pool.refresh_from_db()
    assert pool.remaining == 20_000
    collection.draw_from_pool(third, pool)


def test_a_run_only_draws_from_a_pool_of_its_right_territory_and_currency():
    _collected_money()
    pool = collection.create_pool(source="broadcaster", right_type="MR", territory="2136", period=Q1, currency="EUR")
    with pytest.raises(ValidationError, match="right type MR, run .* PR"):
        collection.draw_from_pool(_draft_run("PR"), pool)
    with pytest.raises(ValidationError, match="currency EUR, run .* USD"):
        collection.draw_from_pool(_draft_run("MR", "USD"), pool)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(collected=st.integers(1, 10**9), asks=st.lists(st.none() | st.integers(1, 10**9), min_size=1, max_size=4))
def test_pool_balance_never_goes_negative_whatever_runs_draw(collected, asks):
    pool = CollectionPool.objects.create(
        name="p",
        source="broadcaster",
        right_type="PR",
        territory="2136",
        period_start=Q1.start,
        period_end=Q1.end,
        currency="EUR",
        collected=collected,
    )
    drawn = []
    for ask in asks:
        try:
            drawn.append(collection.draw_from_pool(_draft_run(), pool, ask).amount)
        except ValidationError:
            pass
        pool.refresh_from_db()
        assert 0 <= pool.distributed == sum(drawn) <= pool.collected
        assert sum(pool.draws.values_list("amount", flat=True)) == pool.distributed


def test_a_usage_report_declares_plays_and_minutes_for_per_use_tariffs():
    from distribution.usage.models import Match, UsageLine, UsageReport
    from works.models import Work

    tariff("TV", per_use_rate=Decimal("0.50"), per_minute_rate=Decimal("1.20"))
    deal = agreement(licensee("Metro TV"), tariff_code="TV")
    report = UsageReport.objects.create(
        source="tv",
        filename="tv.csv",
        checksum="e" * 64,
        format="csv",
        period_start=Q1.start,
        period_end=Q1.end,
        right_type="PR",
    )
    work = Work.objects.create(code="W99999999", title="Theme", duration=200)
    known = Match.objects.create(report=report, key="K1", work=work, status=Match.Status.AUTO)
    unknown = Match.objects.create(report=report, key="K2", status=Match.Status.UNIDENTIFIED)
    UsageLine.objects.bulk_create(
        [
            UsageLine(report=report, line=1, key="K1", plays=2, duration=30, match=known),  # 60 s
            UsageLine(report=report, line=2, key="K1", plays=1, match=known),  # the work's 200 s
            UsageLine(report=report, line=3, key="K2", plays=1, match=unknown),  # 180 s
        ]
    )

    declaration = invoicing.declare_from_usage(agreement=deal, report=report)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1)

    assert (declaration.uses, declaration.seconds, declaration.usage_report) == (4, 440, report)
    assert invoice.total == 4 * 50 + 880  # 440 s = 7⅓ minutes × 1.20 = 8.80
