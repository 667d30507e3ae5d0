"""Business actions of licensing and collection, the only writers of its models: licensees, tariffs, agreements,
payments and their matching, collection pools and the runs' draws (declarations, invoices and credit notes are
in distribution/invoicing.py).

The arithmetic is in distribution/licensing/ (no Django); this module loads, checks, writes and audits.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from distribution.licensing import engine as licensing
from distribution.licensing.engine import Period
from distribution.licensing.models import (
    CollectionPool,
    Invoice,
    LicenceAgreement,
    Licensee,
    Payment,
    PaymentAllocation,
    PoolDraw,
    PoolEntry,
    Tariff,
)
from distribution.licensing.receivables import open_amounts, open_invoices
from distribution.runs.models import DistributionRun
from wipoconnect.core import audit, money
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.errors import DomainError
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.numbering import allocate_codes
from wipoconnect.core.territories import normalize_tis

LICENSEE_FIELDS = ["name", "kind", "territory", "contact_name", "email", "phone", "address", "tax_id"]


@contextmanager
def checked(field: str = "non_field_errors") -> Iterator[None]:
    """Licensing math errors become validation errors of `field` (the API answers 400, commands print them)."""
    try:
        yield
    except DomainError as exc:
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
        return None if value is None else Fraction(value) * 10 ** money.exponent(tariff.currency)

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


def rights_shares(rights: dict) -> dict[str, Fraction]:
    """{"PR": "70", "MR": "30"} → exact shares of 1; right types known, percents with 2 decimals, sum 100."""
    if not isinstance(rights, dict) or not rights:
        raise ValidationError({"rights": ['give right types and percents, e.g. {"PR": "100"}']})
    shares = {}
    for right, percent in rights.items():
        if right not in RIGHTS:
            raise ValidationError({"rights": [f"right {right!r}: use one of {', '.join(sorted(RIGHTS))}"]})
        with checked("rights"):
            shares[right] = money.parse_rate(percent, f"share of {right}", decimals=2) / 100
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


# Payments and matching


@transaction.atomic
def record_payment(
    *,
    received_on: date,
    amount: int,
    currency: str,
    reference: str = "",
    payer: str = "",
    licensee: Licensee | None = None,
    invoice_number: str = "",
    user=None,
) -> Payment:
    """Record money received and match it to open invoices (named ones first, else the payer's oldest)."""
    if amount <= 0:
        raise ValidationError({"amount": ["must be positive"]})
    payment = Payment.objects.create(
        licensee=licensee,
        received_on=received_on,
        amount=amount,
        currency=currency.upper(),
        reference=reference[:200],
        payer=payer[:200],
    )
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
            invoice__kind=Invoice.Kind.INVOICE,
            invoice__licensee_kind=source,
            invoice__territory=territory,
            invoice__currency=currency.upper(),
            invoice__period_start__gte=period.start,
            invoice__period_end__lte=period.end,
            invoice__rights__has_key=right_type,
        )
        .exclude(pool_entries__right_type=right_type)
        .select_related("invoice")
        .order_by("id")
    )
    entries = []
    for allocation in allocations:
        part = money.split_by_key(allocation.amount, rights_shares(allocation.invoice.rights))[right_type]
        if part:
            entries.append(PoolEntry(allocation=allocation, right_type=right_type, amount=part))
    collected = sum(entry.amount for entry in entries)
    if not collected:
        raise ValidationError(
            {"period": [f"nothing collected from {source} for {right_type} in {territory}, {period}"]}
        )
    pool = CollectionPool.objects.create(
        name=name or f"{source} {right_type} {territory} {period}",
        source=source,
        right_type=right_type,
        territory=territory,
        period_start=period.start,
        period_end=period.end,
        currency=currency.upper(),
        collected=collected,
    )
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
        ("territory", _territory(run.territory, "run"), pool.territory),
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
