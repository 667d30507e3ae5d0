"""Runs, invoices and payments in a currency without cents (JPY) or with thousandths (KWD): whole minor units that
tie out, amounts parsed and shown with the currency's own decimals."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template

from distribution.licensing import invoicing
from distribution.licensing.engine import parse_period
from distribution.payments import services as payments
from distribution.runs import services as runs
from distribution.runs.models import PayoutLine
from tests.distribution.claims.money_builders import member, party, report, work
from tests.distribution.licensing.licensing_factories import agreement, licensee, tariff
from wipoconnect.core import money

pytestmark = pytest.mark.django_db
Q1 = parse_period("2026-Q1")


def _worked_example_run(currency: str, gross: str, threshold: str = "0"):
    a, b, c, q = (member(n, f"000000000{i}") for n, i in (("A", 11), ("B", 21), ("C", 22), ("Q", 23)))
    p = party("P", "00000000012", "052")
    x = work("X", "T0000000011", [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", "T0000000022", [(b, "CA", "33.33"), (c, "CA", "33.33"), (q, "E", "33.33")])
    run = runs.create_run(
        name="Yen",
        report_ids=[report([(x, 2), (y, 1), ("KU", 1)]).pk],
        right="PR",
        territory="2136",
        gross=gross,
        currency=currency,
        admin="15",
        social="10",
        weighting="plays",
        threshold=threshold,
    )
    job = runs.calculate(run)
    assert job.status == "succeeded", job.error
    run.refresh_from_db()
    return run, b


def test_a_yen_run_pays_whole_yen_that_add_up_to_the_gross():
    run, _ = _worked_example_run("JPY", "100000", threshold="5000")
    assert (run.gross, run.admin_amount, run.social_amount, run.net_amount, run.threshold) == (
        100000,
        15000,
        10000,
        75000,
        5000,
    )
    lines = dict(PayoutLine.objects.filter(run=run).values_list("payee", "amount").order_by("payee"))
    assert lines["00000000021"] == 6250 and lines["unidentified"] == 18750  # the worked example, in yen
    assert run.admin_amount + run.social_amount + sum(lines.values()) == run.gross
    assert run.summary["balanced"]
    shown = Template("{% load ui %}{{ run.net_amount|money:run.currency }}").render(Context({"run": run}))
    assert shown == "75,000 JPY"


def test_fractions_of_a_yen_are_refused_and_a_kwd_run_takes_thousandths():
    with pytest.raises(money.MoneyError, match="'1000.5': no decimals in JPY"):
        runs.create_run(
            name="x",
            report_ids=[report([("K", 1)]).pk],
            right="PR",
            territory="2136",
            gross="1000.5",
            currency="JPY",
            admin="0",
            social="0",
        )
    run, _ = _worked_example_run("KWD", "100.125")
    assert run.gross == 100125 and run.summary["balanced"]


def test_a_yen_invoice_applies_rates_per_yen_not_per_cent():
    tariff("TVJ", currency="JPY", per_use_rate=Decimal("1.5"), per_minute_rate=Decimal("12"), revenue_percent=5)
    deal = agreement(licensee("Tokyo TV"), tariff_code="TVJ")
    invoicing.record_declaration(agreement=deal, period=Q1, revenue=1_000_003, uses=4, seconds=440)
    invoice = invoicing.invoice_agreement(agreement=deal, period=Q1, issued_on=date(2026, 4, 5))
    amounts = list(invoice.lines.order_by("position").values_list("amount", flat=True))
    assert amounts == [50000, 6, 88]  # 5 % of 1,000,003 yen = 50,000.15; 4 × 1.5; 7⅓ min × 12
    assert invoice.currency == "JPY" and invoice.total == sum(amounts)
    assert "5 % × 1,000,003 JPY declared revenue = 50,000.15 → 50,000 JPY" in invoice.calculation
    assert "4 uses × 1.5 JPY = 6 JPY" in invoice.calculation


def test_a_yen_payment_batch_writes_whole_yen_and_splits_between_heirs_exactly():
    run, b = _worked_example_run("JPY", "100000")
    runs.approve(run.pk)
    for holder, iban, percent in (
        ("Heir 1", "DE89370400440532013000", "33.34"),
        ("Heir 2", "FR1420041010050500013M02606", "33.33"),
        ("Heir 3", "GB29NWBK60161331926819", "33.33"),
    ):
        payments.add_bank_account(party_id=b.pk, holder=holder, iban=iban, kind="heir", percent=percent)
    batch = payments.create_batch(run_ids=[run.pk], execution_date=date(2026, 1, 5))
    assert sorted(batch.transfers.values_list("amount", flat=True)) == [2083, 2083, 2084]
    assert '<InstdAmt Ccy="JPY">2084</InstdAmt>' in batch.document
    assert "<CtrlSum>6250</CtrlSum>" in batch.document
