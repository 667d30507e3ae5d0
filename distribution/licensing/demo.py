"""Demo licensing: six licensees with agreements and tariffs, 2026-Q1 declared and invoiced, a bank file of payments
imported and matched, a credit note, the broadcasters' PR money pooled, and the demo radio distribution taking its
gross from that pool. Idempotent: a second load finds everything in place and changes nothing.
"""

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import CollectionPool, Invoice, Licensee, PoolDraw, Tariff
from distribution.licensing.payment_import import import_payments
from distribution.runs import services as runs
from distribution.runs.models import DistributionRun
from distribution.usage.models import UsageReport
from wipoconnect.core import money
from wipoconnect.core.tabular import write_rows

PERIOD = parse_period("2026-Q1")
ISSUED = date(2026, 4, 5)
RUN_NAME = "Radio 2026-Q1 (from the broadcasters' pool)"
TARIFFS = [  # code, name, fields
    (
        "DEMO-RADIO",
        "Radio: 4.5 % of revenue, minimum 2,400.00 a year",
        {"revenue_percent": Decimal("4.5"), "minimum_fee": 240000, "fee_months": 12},
    ),
    ("DEMO-TV", "Television: 2.25 % of revenue", {"revenue_percent": Decimal("2.25")}),
    (
        "DEMO-DSP",
        "Streaming: 8 % of revenue plus 0.0011 per stream",
        {"revenue_percent": Decimal("8"), "per_use_rate": Decimal("0.0011")},
    ),
    ("DEMO-VENUE", "Live venue: 1,800.00 a year", {"flat_fee": 180000, "fee_months": 12}),
    ("DEMO-SHOP", "Background music in shops: 240.00 a year", {"flat_fee": 24000, "fee_months": 12}),
]
LICENSEES = [  # name, kind, tariff, rights, valid from, declaration (revenue, uses)
    ("Radio Demo FM", "broadcaster", "DEMO-RADIO", {"PR": "100"}, date(2025, 1, 1), (18_473_327, None)),
    ("Coastline Radio", "broadcaster", "DEMO-RADIO", {"PR": "100"}, date(2025, 6, 1), (987_654, None)),
    ("Metro TV", "broadcaster", "DEMO-TV", {"PR": "85", "MR": "15"}, date(2024, 1, 1), (41_234_567, None)),
    ("StreamBox", "digital_service", "DEMO-DSP", {"PR": "50", "MR": "50"}, date(2026, 1, 1), (2_500_000, 3_456_789)),
    ("Blue Note Club", "venue", "DEMO-VENUE", {"PR": "100"}, date(2023, 1, 1), None),
    ("Corner Café", "shop", "DEMO-SHOP", {"PR": "100"}, date(2026, 2, 15), None),
]
PAYMENTS = [  # date, how much of the invoice (None: all), payer, reference uses the invoice number
    ("2026-04-20", "Radio Demo FM", None, True),
    ("2026-04-24", "Coastline Radio", 50_000, False),  # part, matched by payer name to its oldest invoice
    ("2026-04-28", "Metro TV", None, True),
    ("2026-04-29", "StreamBox", None, True),
    ("2026-04-30", "Corner Café", None, True),
]


def load() -> str:
    if not Tariff.objects.filter(code="DEMO-RADIO").exists():
        with transaction.atomic():
            _agreements()
            invoicing.invoice_period(period=PERIOD, issued_on=ISSUED)
            club = Invoice.objects.get(licensee__name="Blue Note Club", kind=Invoice.Kind.INVOICE)
            invoicing.issue_credit_note(
                invoice=club, amount=5_000, reason="closed 10 days in March", issued_on=date(2026, 4, 10)
            )
    with tempfile.TemporaryDirectory() as folder:  # private: parallel loads never read each other's half-written file
        payments = import_payments(_bank_file(Path(folder)))
    pool = _pool()
    run = _run(pool)
    return _summary(payments.first_line(), pool, run)


def _agreements() -> None:
    for code, name, fields in TARIFFS:
        collection.create_tariff(
            fields={"code": code, "name": name, "valid_from": date(2024, 1, 1), "currency": settings.CURRENCY, **fields}
        )
    for name, kind, tariff, rights, valid_from, declared in LICENSEES:
        fields = {"name": name, "kind": kind, "territory": settings.SOCIETY_TERRITORY}
        licensee = collection.save_licensee(fields=fields)
        agreement = collection.save_agreement(
            fields={
                "licensee": licensee,
                "rights": rights,
                "territory": settings.SOCIETY_TERRITORY,
                "valid_from": valid_from,
                "tariff_code": tariff,
                "payment_days": 30,
            }
        )
        if declared:
            revenue, uses = declared
            invoicing.record_declaration(agreement=agreement, period=PERIOD, revenue=revenue, uses=uses)


def _bank_file(folder: Path) -> Path:
    """The bank's statement of April 2026 as a CSV file, the way `import_payments` reads it."""
    issued = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, period_start=PERIOD.start).select_related("licensee")
    invoices = {invoice.licensee.name: invoice for invoice in issued}
    path = folder / "bank_2026-04.csv"
    rows = []
    for day, name, amount, by_number in PAYMENTS:
        invoice = invoices[name]
        paid = invoice.total if amount is None else amount
        reference = invoice.number if by_number else "licence Q1"
        rows.append([day, money.amount_text(paid, invoice.currency), invoice.currency, reference, name])
    rows.append(["2026-04-30", "75.00", settings.CURRENCY, "event 12 April", "Unknown Events Ltd"])
    write_rows(path, ["date", "amount", "currency", "reference", "payer"], rows)
    return path


def _pool() -> CollectionPool:
    key = {
        "source": Licensee.Kind.BROADCASTER,
        "right_type": "PR",
        "territory": settings.SOCIETY_TERRITORY.zfill(4),
        "period_start": PERIOD.start,
        "period_end": PERIOD.end,
        "currency": settings.CURRENCY,
    }
    pool = CollectionPool.objects.filter(**key).first()
    if pool:
        return pool
    return collection.create_pool(
        source=key["source"],
        right_type="PR",
        territory=key["territory"],
        period=PERIOD,
        currency=settings.CURRENCY,
        name="Broadcasters PR 2026-Q1",
    )


def _run(pool: CollectionPool) -> DistributionRun | None:
    """The demo radio distribution, its gross drawn from the pool (needs the demo usage report)."""
    draw = PoolDraw.objects.filter(pool=pool).select_related("run").first()
    if draw:
        return draw.run
    report = _usage_report()
    if report is None or pool.remaining <= 0:
        return None
    with transaction.atomic():
        run = runs.create_run(
            name=RUN_NAME,
            report_ids=[report.pk],
            right="PR",
            territory=pool.territory,
            gross="0",
            currency=pool.currency,
            admin="15",
            social="10",
            threshold="5.00",
        )
        collection.draw_from_pool(run, pool)
    runs.wait(runs.calculate(DistributionRun.objects.get(pk=run.pk)))
    run.refresh_from_db()
    return run


def _usage_report() -> UsageReport | None:
    """The demo radio station's usage of the quarter (loading it is idempotent, whoever loads it first)."""
    from distribution.usage import demo as demo_usage

    demo_usage.load()
    return UsageReport.objects.filter(source=demo_usage.SOURCE, period_start=PERIOD.start, right_type="PR").first()


def _summary(payments: str, pool: CollectionPool, run: DistributionRun | None) -> str:
    invoices = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, period_start=PERIOD.start)
    total = sum(invoices.values_list("total", flat=True))
    pool.refresh_from_db()
    text = (
        f"demo licensing: {Licensee.objects.count()} licensees, {invoices.count()} invoices for {PERIOD} "
        f"({total} {settings.CURRENCY}); {payments}; pool {pool.pk} collected={pool.collected} "
        f"distributed={pool.distributed} remaining={pool.remaining}"
    )
    if run is not None:
        text += f"; run {run.pk} ({run.status}) G={run.gross}"
    return text
