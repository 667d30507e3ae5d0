"""Business actions from declarations to invoices and credit notes, the only writers of them.

A period is invoiced in batches: each batch loads its agreements' declarations, tariff versions and existing
invoices in a few queries, computes every invoice with the pure tariff math, and writes invoices, lines and audit
entries in bulk, in one transaction. An agreement that cannot be invoiced is reported with why; the others are not
held back by it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from distribution.licensing import engine as licensing
from distribution.licensing.engine import Period
from distribution.licensing.models import Declaration, Invoice, InvoiceLine, LicenceAgreement, Tariff
from distribution.licensing.services import checked, terms_of
from distribution.usage.models import UsageLine, UsageReport
from wipoconnect.core import audit, money
from wipoconnect.core.models import AuditEntry, CodeSequence

INVOICE_BATCH = 500  # agreements invoiced per transaction
DEFAULT_SECONDS = 180  # a usage line with no duration and no work duration (distribution-rules.md step 2)


@dataclass(frozen=True)
class Planned:
    agreement: LicenceAgreement
    tariff: Tariff
    declaration: Declaration | None
    calc: licensing.InvoiceCalc


# Declarations


@transaction.atomic
def record_declaration(
    *, agreement: LicenceAgreement, period: Period, revenue=None, uses=None, seconds=None, usage_report=None, user=None
) -> Declaration:
    """Record (or correct, until invoiced) what a licensee declared for a period."""
    if active_invoices([agreement.pk], period):
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
        agreement=agreement,
        period=period,
        revenue=revenue,
        uses=totals["uses"] or 0,
        seconds=totals["seconds"] or 0,
        usage_report=report,
        user=user,
    )


# Invoices


def active_invoices(agreement_ids: list[int], period: Period) -> dict[int, Invoice]:
    """Agreement id → its invoice for exactly this period that is not cancelled."""
    invoices = Invoice.objects.filter(
        agreement_id__in=agreement_ids,
        kind=Invoice.Kind.INVOICE,
        cancelled=False,
        period_start=period.start,
        period_end=period.end,
    )
    return {invoice.agreement_id: invoice for invoice in invoices}


def _numbers(prefix: str, letter: str, year: int, count: int) -> list[str]:
    """INV-2026-000001…: a counter shared by all years (never reused), shown with the year of issue."""
    CodeSequence.objects.get_or_create(prefix=letter)
    sequence = CodeSequence.objects.select_for_update().get(prefix=letter)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return [f"{prefix}-{year}-{n:06d}" for n in range(first, first + count)]


def tariff_in_force(versions: list[Tariff], code: str, period: Period) -> Tariff:
    """The one version of tariff `code` in force for the whole period, among `versions` of that code."""
    live = sorted(
        (t for t in versions if t.valid_from <= period.end and (t.valid_to is None or t.valid_to >= period.start)),
        key=lambda t: t.valid_from,
    )
    if not live:
        raise ValidationError({"tariff": [f"tariff {code}: no version in force in {period}"]})
    if len(live) > 1 or live[0].valid_from > period.start:
        dates = ", ".join(str(t.valid_from) for t in live)
        raise ValidationError(
            {"tariff": [f"tariff {code}: versions from {dates} in {period}; invoice the parts of the period apart"]}
        )
    return live[0]


def plan(agreement: LicenceAgreement, period: Period, versions: list[Tariff], declaration: Declaration | None):
    """The invoice an agreement gets for a period (tariff version, declaration, calculation), without writing."""
    months = licensing.covered_months(period, agreement.valid_from, agreement.valid_to)
    if months <= 0:
        raise ValidationError({"period": [f"{agreement.reference} is not valid in {period}"]})
    tariff = tariff_in_force(versions, agreement.tariff_code, period)
    terms = terms_of(tariff)
    declared = declaration and licensing.Declared(declaration.revenue, declaration.uses, declaration.seconds)
    missing = licensing.missing_declaration(terms, declared)
    if missing:
        why = f"{agreement.reference} {period}: tariff {tariff.code} needs declared {', '.join(missing)}"
        raise ValidationError({"declaration": [why]})
    with checked():
        return Planned(agreement, tariff, declaration, licensing.compute_invoice(terms, declared, months))


def _load(agreements: list[LicenceAgreement], period: Period):
    """What planning a batch needs, in three queries: invoices already issued, declarations, tariff versions."""
    ids = [a.pk for a in agreements]
    issued = active_invoices(ids, period)
    declarations = Declaration.objects.filter(agreement_id__in=ids, period_start=period.start, period_end=period.end)
    versions: dict[str, list[Tariff]] = {}
    for tariff in Tariff.objects.filter(code__in={a.tariff_code for a in agreements}):
        versions.setdefault(tariff.code, []).append(tariff)
    return issued, {d.agreement_id: d for d in declarations}, versions


def _issue(planned: list[Planned], period: Period, issued_on: date, user) -> list[Invoice]:
    """Write the planned invoices, their lines and their audit entries in bulk."""
    numbers = _numbers("INV", "I", issued_on.year, len(planned))
    invoices = Invoice.objects.bulk_create(
        Invoice(
            number=number,
            licensee=p.agreement.licensee,
            agreement=p.agreement,
            declaration=p.declaration,
            tariff=p.tariff,
            period_start=period.start,
            period_end=period.end,
            currency=p.calc.currency,
            issued_on=issued_on,
            due_on=issued_on + timedelta(days=p.agreement.payment_days),
            total=p.calc.total,
            calculation="\n".join(p.calc.text()),
            licensee_kind=p.agreement.licensee.kind,
            territory=p.agreement.territory,
            rights=p.agreement.rights,
        )
        for number, p in zip(numbers, planned, strict=True)
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=n,
            kind=line.kind,
            description=line.description,
            calculation=line.calculation[:300],
            amount=line.amount,
        )
        for invoice, p in zip(invoices, planned, strict=True)
        for n, line in enumerate(p.calc.lines, start=1)
    )
    _audit_created(invoices, user)
    return invoices


def _audit_created(instances: list, user) -> None:
    """One CREATE audit entry per instance, written in one query (as audit.record would write each)."""
    user = user if getattr(user, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=user,
            action=AuditEntry.Action.CREATE,
            model=i._meta.label_lower,
            object_id=i.pk,
            object_repr=str(i)[:200],
            changes={k: [None, v] for k, v in sorted(audit.snapshot(i).items()) if v is not None},
        )
        for i in instances
    )


@transaction.atomic
def invoice_agreement(*, agreement: LicenceAgreement, period: Period, issued_on: date | None = None, user=None):
    """Issue the invoice of one agreement for a period, computed from its tariff and declaration."""
    issued, declarations, versions = _load([agreement], period)
    if agreement.pk in issued:
        number = issued[agreement.pk].number
        raise ValidationError({"period": [f"{agreement.reference} {period} is already invoiced in {number}"]})
    planned = plan(agreement, period, versions.get(agreement.tariff_code, []), declarations.get(agreement.pk))
    return _issue([planned], period, issued_on or timezone.localdate(), user)[0]


def invoice_period(*, period: Period, issued_on: date | None = None, user=None) -> dict:
    """Invoice every agreement valid in the period that is not invoiced yet, INVOICE_BATCH per transaction."""
    agreements = list(
        LicenceAgreement.objects.filter(valid_from__lte=period.end)
        .exclude(valid_to__lt=period.start)
        .select_related("licensee")
        .order_by("reference")
    )
    result = {"invoices": [], "already": 0, "problems": [], "totals": {}}
    for start in range(0, len(agreements), INVOICE_BATCH):
        _invoice_batch(
            agreements[start : start + INVOICE_BATCH], period, issued_on or timezone.localdate(), user, result
        )
    for invoice in result["invoices"]:
        result["totals"][invoice.currency] = result["totals"].get(invoice.currency, 0) + invoice.total
    return result


@transaction.atomic
def _invoice_batch(agreements: list[LicenceAgreement], period: Period, issued_on: date, user, result: dict) -> None:
    issued, declarations, versions = _load(agreements, period)
    planned = []
    for agreement in agreements:
        if agreement.pk in issued:
            result["already"] += 1
            continue
        try:
            planned.append(
                plan(agreement, period, versions.get(agreement.tariff_code, []), declarations.get(agreement.pk))
            )
        except ValidationError as exc:
            result["problems"].append(f"{agreement.reference}: {'; '.join(exc.messages)}")
    result["invoices"] += _issue(planned, period, issued_on, user) if planned else []


# Credit notes


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
    text = f"Credit of {invoice.number}: {money.format_minor(amount, invoice.currency)} ({reason})"
    note = Invoice.objects.create(
        number=_numbers("CN", "C", issued_on.year, 1)[0],
        kind=Invoice.Kind.CREDIT_NOTE,
        licensee=invoice.licensee,
        agreement=invoice.agreement,
        credited=invoice,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        currency=invoice.currency,
        issued_on=issued_on,
        due_on=issued_on,
        total=-amount,
        calculation=text,
        reason=reason[:200],
        licensee_kind=invoice.licensee_kind,
        territory=invoice.territory,
        rights=invoice.rights,
    )
    InvoiceLine.objects.create(
        invoice=note, position=1, kind="credit", description="Credit", calculation=text[:300], amount=-amount
    )
    if amount == creditable:
        invoice.cancelled = True
        invoice.save(update_fields=["cancelled"])
    _audit_created([note], user)
    return note
