"""Business actions of licensing and collection, the only writers of its models: licensees, tariffs, agreements,
declarations, invoices and credit notes, payments and their matching, collection pools and the runs' draws.

The arithmetic is in distribution/licensing/ (no Django); this module loads, checks, writes and audits.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from distribution import licensing
from distribution.licensing import Period
from distribution.models import (
    CollectionPool,
    Declaration,
    DistributionRun,
    Invoice,
    InvoiceLine,
    LicenceAgreement,
    Licensee,
    Payment,
    PaymentAllocation,
    PoolDraw,
    PoolEntry,
    Tariff,
    UsageLine,
    UsageReport,
)
from distribution.receivables import open_amounts, open_invoices
from rightowners.models import RIGHT_TYPE_CHOICES
from rightowners.territories import normalize_tis
from wipoconnect import audit
from wipoconnect.codes import allocate_codes
from wipoconnect.models import AuditEntry, CodeSequence

RIGHTS = {code for code, _ in RIGHT_TYPE_CHOICES}
DEFAULT_SECONDS = 180  # a usage line with no duration, and no work duration (distribution-rules.md step 2)
LICENSEE_FIELDS = ["name", "kind", "territory", "contact_name", "email", "phone", "address", "tax_id"]


@contextmanager
def checked(field: str = "non_field_errors") -> Iterator[None]:
    """Licensing math errors become validation errors of `field` (the API answers 400, commands print them)."""
    try:
        yield
    except licensing.LicensingError as exc:
        raise ValidationError({field: [str(exc)]}) from None


def _created(instance, user) -> None:
    audit.record(action=AuditEntry.Action.CREATE, instance=instance, user=user, after=audit.snapshot(instance))


def _territory(code: str, field: str = "territory") -> str:
    try:
        return normalize_tis(code)
    except ValueError as exc:
        raise ValidationError({field: [str(exc)]}) from None


# Licensees, tariffs, agreements


@transaction.atomic
def save_licensee(*, fields: dict, licensee: Licensee | None = None, user=None) -> Licensee:
    creating = licensee is None
    before = {} if creating else audit.snapshot(licensee)
    licensee = licensee or Licensee(code=allocate_codes("L", 1)[0])
    for name in LICENSEE_FIELDS:
        if name in fields:
            setattr(licensee, name, fields[name])
    if licensee.kind not in Licensee.Kind.values:
        raise ValidationError({"kind": [f"{licensee.kind!r}: use one of {', '.join(Licensee.Kind.values)}"]})
    licensee.territory = _territory(licensee.territory)
    licensee.full_clean()
    licensee.save()
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=licensee, user=user, before=before, after=audit.snapshot(licensee))
    return licensee


@transaction.atomic
def create_tariff(*, fields: dict, user=None) -> Tariff:
    """A new tariff version; versions of one code may not overlap (a version is closed by giving its end)."""
    tariff = Tariff(**fields)
    tariff.currency = (tariff.currency or "").upper()
    tariff.full_clean()
    with checked():
        terms_of(tariff)  # rejects negative fees and a zero fee period
    if tariff.valid_to and tariff.valid_to < tariff.valid_from:
        raise ValidationError({"valid_to": ["ends before it starts"]})
    end = tariff.valid_to or date.max
    for other in Tariff.objects.filter(code=tariff.code, valid_from__lte=end):
        if other.valid_to is None or other.valid_to >= tariff.valid_from:
            raise ValidationError({"valid_from": [f"overlaps tariff {other} (close it with valid_to first)"]})
    tariff.save()
    _created(tariff, user)
    return tariff


def terms_of(tariff: Tariff) -> licensing.TariffTerms:
    """The tariff version as plain terms; rates per use and minute converted to exact minor units."""

    def rate(value: Decimal | None) -> Fraction | None:
        return None if value is None else Fraction(value) * licensing.money.MINOR

    return licensing.TariffTerms(
        code=tariff.code,
        currency=tariff.currency,
        flat_fee=tariff.flat_fee,
        fee_months=tariff.fee_months,
        revenue_percent=None if tariff.revenue_percent is None else Fraction(tariff.revenue_percent),
        per_use=rate(tariff.per_use_rate),
        per_minute=rate(tariff.per_minute_rate),
        minimum_fee=tariff.minimum_fee,
    )


def tariff_for(code: str, period: Period) -> Tariff:
    """The one version of tariff `code` in force for the whole period."""
    versions = [
        t
        for t in Tariff.objects.filter(code=code, valid_from__lte=period.end).order_by("valid_from")
        if t.valid_to is None or t.valid_to >= period.start
    ]
    if not versions:
        raise ValidationError({"tariff": [f"tariff {code}: no version in force in {period}"]})
    if len(versions) > 1 or versions[0].valid_from > period.start:
        dates = ", ".join(str(t.valid_from) for t in versions)
        raise ValidationError(
            {"tariff": [f"tariff {code}: versions from {dates} in {period}; invoice the parts of the period apart"]}
        )
    return versions[0]


def rights_shares(rights: dict) -> dict[str, Fraction]:
    """{"PR": "70", "MR": "30"} → exact shares of 1; right types known, percents with 2 decimals, sum 100."""
    if not isinstance(rights, dict) or not rights:
        raise ValidationError({"rights": ['give right types and percents, e.g. {"PR": "100"}']})
    shares = {}
    for right, percent in rights.items():
        if right not in RIGHTS:
            raise ValidationError({"rights": [f"right {right!r}: use one of {', '.join(sorted(RIGHTS))}"]})
        with checked("rights"):
            shares[right] = licensing.parse_rate(percent, f"share of {right}", decimals=2) / 100
    if sum(shares.values()) != 1:
        raise ValidationError({"rights": [f"shares add up to {sum(shares.values()) * 100} %, not 100 %"]})
    return shares


@transaction.atomic
def save_agreement(*, fields: dict, agreement: LicenceAgreement | None = None, user=None) -> LicenceAgreement:
    creating = agreement is None
    before = {} if creating else audit.snapshot(agreement)
    agreement = agreement or LicenceAgreement()
    for name, value in fields.items():
        setattr(agreement, name, value)
    if not agreement.reference:
        agreement.reference = "LA-" + allocate_codes("K", 1)[0][1:]
    rights_shares(agreement.rights)
    agreement.rights = {
        right: str(Decimal(str(pct)).quantize(Decimal("0.01"))) for right, pct in agreement.rights.items()
    }
    agreement.territory = _territory(agreement.territory)
    if not Tariff.objects.filter(code=agreement.tariff_code).exists():
        raise ValidationError({"tariff_code": [f"no tariff {agreement.tariff_code!r}"]})
    if agreement.valid_to and agreement.valid_to < agreement.valid_from:
        raise ValidationError({"valid_to": ["ends before it starts"]})
    agreement.full_clean()
    agreement.save()
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=agreement, user=user, before=before, after=audit.snapshot(agreement))
    return agreement


# Declarations and invoices


@transaction.atomic
def record_declaration(
    *, agreement: LicenceAgreement, period: Period, revenue=None, uses=None, seconds=None, usage_report=None, user=None
) -> Declaration:
    """Record (or correct, until invoiced) what a licensee declared for a period."""
    if active_invoice(agreement, period):
        raise ValidationError({"period": [f"{agreement.reference} {period} is already invoiced: credit it first"]})
    for name, value in (("revenue", revenue), ("uses", uses), ("seconds", seconds)):
        if value is not None and value < 0:
            raise ValidationError({name: ["must not be negative"]})
    declaration, created = Declaration.objects.update_or_create(
        agreement=agreement,
        period_start=period.start,
        period_end=period.end,
        defaults={"revenue": revenue, "uses": uses, "seconds": seconds, "usage_report": usage_report},
    )
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=declaration, user=user, after=audit.snapshot(declaration))
    return declaration


@transaction.atomic
def declare_from_usage(*, agreement: LicenceAgreement, report: UsageReport, revenue: int | None = None, user=None):
    """Declare the uses and minutes of a licensee's usage report for the report's period: uses = Σ plays,
    seconds = Σ plays × duration (a line without one takes its work's duration, else 180 s, as distributions do)."""
    duration = Coalesce("duration", "match__work__duration", Value(DEFAULT_SECONDS))
    totals = UsageLine.objects.filter(report=report).aggregate(
        uses=Sum("plays"), seconds=Sum(F("plays") * duration, output_field=BigIntegerField())
    )
    period = Period(report.period_start, report.period_end)
    return record_declaration(
        agreement=agreement, period=period, revenue=revenue, uses=totals["uses"] or 0,
        seconds=totals["seconds"] or 0, usage_report=report, user=user,
    )  # fmt: skip


def active_invoice(agreement: LicenceAgreement, period: Period) -> Invoice | None:
    return Invoice.objects.filter(
        agreement=agreement, kind=Invoice.Kind.INVOICE, cancelled=False, period_start=period.start,
        period_end=period.end,
    ).first()  # fmt: skip


def _number(prefix: str, letter: str, year: int) -> str:
    """INV-2026-000001: a counter shared by all years (never reused), shown with the year of issue."""
    CodeSequence.objects.get_or_create(prefix=letter)
    sequence = CodeSequence.objects.select_for_update().get(prefix=letter)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:06d}"


def calculate_invoice(agreement: LicenceAgreement, period: Period) -> tuple[Tariff, Declaration | None, object]:
    """The tariff version, declaration and calculation for an agreement and period, without writing."""
    months = licensing.covered_months(period, agreement.valid_from, agreement.valid_to)
    if months <= 0:
        raise ValidationError({"period": [f"{agreement.reference} is not valid in {period}"]})
    tariff = tariff_for(agreement.tariff_code, period)
    declaration = Declaration.objects.filter(
        agreement=agreement, period_start=period.start, period_end=period.end
    ).first()
    terms = terms_of(tariff)
    declared = None
    if declaration:
        declared = licensing.Declared(declaration.revenue, declaration.uses, declaration.seconds)
    missing = licensing.missing_declaration(terms, declared)
    if missing:
        raise ValidationError(
            {
                "declaration": [
                    f"{agreement.reference} {period}: tariff {tariff.code} needs declared {', '.join(missing)}"
                ]
            }
        )
    with checked():
        calc = licensing.compute_invoice(terms, declared, months)
    return tariff, declaration, calc


@transaction.atomic
def invoice_agreement(*, agreement: LicenceAgreement, period: Period, issued_on: date | None = None, user=None):
    """Issue the invoice of an agreement for a period, computed from its tariff and declaration."""
    existing = active_invoice(agreement, period)
    if existing:
        raise ValidationError({"period": [f"{agreement.reference} {period} is already invoiced in {existing.number}"]})
    tariff, declaration, calc = calculate_invoice(agreement, period)
    issued_on = issued_on or timezone.localdate()
    invoice = Invoice.objects.create(
        number=_number("INV", "I", issued_on.year), licensee=agreement.licensee, agreement=agreement,
        declaration=declaration, tariff=tariff, period_start=period.start, period_end=period.end,
        currency=calc.currency, issued_on=issued_on, due_on=issued_on + timedelta(days=agreement.payment_days),
        total=calc.total, calculation="\n".join(calc.text()), licensee_kind=agreement.licensee.kind,
        territory=agreement.territory, rights=agreement.rights,
    )  # fmt: skip
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=n, kind=line.kind, description=line.description,
                    calculation=line.calculation[:300], amount=line.amount)
        for n, line in enumerate(calc.lines, start=1)
    )  # fmt: skip
    _created(invoice, user)
    return invoice


def invoice_period(*, period: Period, issued_on: date | None = None, user=None) -> dict:
    """Invoice every agreement valid in the period that is not invoiced yet; each invoice in its own transaction,
    so one agreement's problem (a missing declaration) leaves the others invoiced."""
    agreements = LicenceAgreement.objects.filter(valid_from__lte=period.end).select_related("licensee")
    result = {"invoices": [], "already": 0, "problems": [], "totals": {}}
    for agreement in agreements.order_by("reference"):
        if agreement.valid_to and agreement.valid_to < period.start:
            continue
        if active_invoice(agreement, period):
            result["already"] += 1
            continue
        try:
            invoice = invoice_agreement(agreement=agreement, period=period, issued_on=issued_on, user=user)
        except ValidationError as exc:
            result["problems"].append(f"{agreement.reference}: {'; '.join(exc.messages)}")
            continue
        result["invoices"].append(invoice)
        result["totals"][invoice.currency] = result["totals"].get(invoice.currency, 0) + invoice.total
    return result


@transaction.atomic
def issue_credit_note(*, invoice: Invoice, amount: int | None = None, reason: str, issued_on=None, user=None):
    """Credit part (`amount` in minor units) or all of what an invoice still bills; a fully credited invoice is
    cancelled, so its period can be invoiced again."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError({"invoice": [f"{invoice.number} is a credit note"]})
    credited = -(invoice.credit_notes.aggregate(s=Sum("total"))["s"] or 0)
    creditable = invoice.total - credited
    amount = creditable if amount is None else amount
    if not 0 < amount <= creditable:
        raise ValidationError({"amount": [f"{invoice.number}: can credit 1 to {creditable}, not {amount}"]})
    issued_on = issued_on or timezone.localdate()
    text = f"Credit of {invoice.number}: {licensing.format_minor(amount, invoice.currency)} ({reason})"
    note = Invoice.objects.create(
        number=_number("CN", "C", issued_on.year), kind=Invoice.Kind.CREDIT_NOTE, licensee=invoice.licensee,
        agreement=invoice.agreement, credited=invoice, period_start=invoice.period_start,
        period_end=invoice.period_end, currency=invoice.currency, issued_on=issued_on, due_on=issued_on,
        total=-amount, calculation=text, reason=reason[:200], licensee_kind=invoice.licensee_kind,
        territory=invoice.territory, rights=invoice.rights,
    )  # fmt: skip
    InvoiceLine.objects.create(
        invoice=note, position=1, kind="credit", description="Credit", calculation=text[:300], amount=-amount
    )
    if amount == creditable:
        invoice.cancelled = True
        invoice.save(update_fields=["cancelled"])
    _created(note, user)
    return note


# Payments and matching


@transaction.atomic
def record_payment(
    *, received_on: date, amount: int, currency: str, reference: str = "", payer: str = "",
    licensee: Licensee | None = None, invoice_number: str = "", user=None,
) -> Payment:  # fmt: skip
    """Record money received and match it to open invoices (named ones first, else the payer's oldest)."""
    if amount <= 0:
        raise ValidationError({"amount": ["must be positive"]})
    payment = Payment.objects.create(
        licensee=licensee, received_on=received_on, amount=amount, currency=currency.upper(),
        reference=reference[:200], payer=payer[:200],
    )  # fmt: skip
    incoming = licensing.PaymentIn(
        amount, payment.currency, reference, licensee.code if licensee else "", invoice_number
    )
    candidates = open_invoices(
        licensees=[licensee] if licensee else [], numbers=licensing.matching.named_invoices(incoming)
    )
    method, pairs = licensing.match_payment(incoming, candidates)
    _allocate(payment, method, pairs, user)
    _created(payment, user)
    return payment


def _allocate(payment: Payment, method: str, pairs: list[tuple[int, int]], user) -> list[PaymentAllocation]:
    allocations = PaymentAllocation.objects.bulk_create(
        PaymentAllocation(payment=payment, invoice_id=invoice_id, amount=amount, method=method)
        for invoice_id, amount in pairs
    )
    if not payment.licensee_id and allocations:
        payment.licensee = Invoice.objects.get(pk=allocations[0].invoice_id).licensee
        payment.save(update_fields=["licensee"])
    return allocations


@transaction.atomic
def allocate_payment(*, payment: Payment, invoice: Invoice, amount: int | None = None, user=None):
    """Staff match (part of) a payment's unallocated money to an open invoice of the same currency."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    free = payment.amount - (payment.allocations.aggregate(s=Sum("amount"))["s"] or 0)
    open_amount = open_amounts([invoice.pk]).get(invoice.pk, 0)
    amount = min(free, open_amount) if amount is None else amount
    if invoice.currency != payment.currency:
        raise ValidationError(
            {"invoice": [f"{invoice.number} is in {invoice.currency}, the payment {payment.currency}"]}
        )
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError({"invoice": [f"{invoice.number} is a credit note"]})
    if not 0 < amount <= min(free, open_amount):
        raise ValidationError(
            {"amount": [f"{amount}: the payment has {free} unallocated and {invoice.number} {open_amount} open"]}
        )
    if payment.licensee_id and payment.licensee_id != invoice.licensee_id:
        raise ValidationError({"invoice": [f"{invoice.number} is not an invoice of {payment.licensee}"]})
    allocation = PaymentAllocation.objects.create(
        payment=payment, invoice=invoice, amount=amount, method=PaymentAllocation.Method.MANUAL
    )
    if not payment.licensee_id:
        payment.licensee = invoice.licensee
        payment.save(update_fields=["licensee"])
    _created(allocation, user)
    return allocation


# Collection pools


@transaction.atomic
def create_pool(
    *, source: str, right_type: str, territory: str, period: Period, currency: str, name: str = "", user=None
) -> CollectionPool:
    """Pool the money collected (payments matched to invoices) from one source for one right, territory and
    period that no pool holds yet; each invoice's money is split by its agreement's right shares."""
    territory = _territory(territory)
    if source not in Licensee.Kind.values:
        raise ValidationError({"source": [f"{source!r}: use one of {', '.join(Licensee.Kind.values)}"]})
    if right_type not in RIGHTS:
        raise ValidationError({"right_type": [f"{right_type!r}: use one of {', '.join(sorted(RIGHTS))}"]})
    allocations = (
        PaymentAllocation.objects.filter(
            invoice__kind=Invoice.Kind.INVOICE, invoice__licensee_kind=source, invoice__territory=territory,
            invoice__currency=currency.upper(), invoice__period_start__gte=period.start,
            invoice__period_end__lte=period.end, invoice__rights__has_key=right_type,
        )
        .exclude(pool_entries__right_type=right_type)
        .select_related("invoice")
        .order_by("id")
    )  # fmt: skip
    entries = []
    for allocation in allocations:
        part = licensing.split_by_shares(allocation.amount, rights_shares(allocation.invoice.rights))[right_type]
        if part:
            entries.append(PoolEntry(allocation=allocation, right_type=right_type, amount=part))
    collected = sum(entry.amount for entry in entries)
    if not collected:
        raise ValidationError(
            {"period": [f"nothing collected from {source} for {right_type} in {territory}, {period}"]}
        )
    pool = CollectionPool.objects.create(
        name=name or f"{source} {right_type} {territory} {period}", source=source, right_type=right_type,
        territory=territory, period_start=period.start, period_end=period.end, currency=currency.upper(),
        collected=collected,
    )  # fmt: skip
    for entry in entries:
        entry.pool = pool
    PoolEntry.objects.bulk_create(entries)
    _created(pool, user)
    return pool


@transaction.atomic
def draw_from_pool(run: DistributionRun, pool: CollectionPool, amount: int | None = None, user=None) -> PoolDraw:
    """Take a draft run's gross from a pool (all that remains unless `amount` is given). The pool never goes
    negative and money drawn is not drawn again; drawing again for the same run and pool changes nothing."""
    pool = CollectionPool.objects.select_for_update().get(pk=pool.pk)
    run = DistributionRun.objects.select_for_update().get(pk=run.pk)
    existing = PoolDraw.objects.filter(run=run).first()
    if existing:
        if existing.pool_id == pool.pk:
            return existing
        raise ValidationError({"pool": [f"run {run.pk} already draws its gross from pool {existing.pool_id}"]})
    if run.status != DistributionRun.Status.DRAFT:
        raise ValidationError({"run": [f"run {run.pk} is {run.status}: only a draft run can draw from a pool"]})
    for what, ours, theirs in (
        ("right type", run.right_type, pool.right_type),
        ("territory", run.territory, pool.territory),
        ("currency", run.currency, pool.currency),
    ):
        if ours != theirs:
            raise ValidationError({"pool": [f"pool {pool.pk} is {what} {theirs}, run {run.pk} {ours}"]})
    with checked("pool"):
        amount = licensing.check_draw(f"pool {pool.pk}", pool.collected, pool.distributed, amount)
    draw = PoolDraw.objects.create(pool=pool, run=run, amount=amount)
    pool.distributed += amount
    pool.save(update_fields=["distributed"])
    before = audit.snapshot(run, ["gross"])
    run.gross = amount
    run.save(update_fields=["gross"])
    audit.record(action=AuditEntry.Action.UPDATE, instance=run, user=user, before=before, after={"gross": amount})
    _created(draw, user)
    return draw


@transaction.atomic
def release_draw(*, run: DistributionRun, user=None) -> None:
    """Give a not yet approved run's draw back to its pool (the run is being abandoned or re-planned)."""
    draw = PoolDraw.objects.select_related("run").filter(run=run).first()
    if draw is None:
        return
    if draw.run.status == DistributionRun.Status.APPROVED:
        raise ValidationError({"run": [f"run {run.pk} is approved: its draw from pool {draw.pool_id} is final"]})
    pool = CollectionPool.objects.select_for_update().get(pk=draw.pool_id)
    pool.distributed -= draw.amount
    pool.save(update_fields=["distributed"])
    audit.record(action=AuditEntry.Action.DELETE, instance=draw, user=user, before=audit.snapshot(draw))
    draw.delete()


def get_pool(pool_id: int) -> CollectionPool:
    try:
        return CollectionPool.objects.get(pk=pool_id)
    except CollectionPool.DoesNotExist:
        raise ValidationError({"pool": [f"no collection pool {pool_id}"]}) from None
