"""What licensees owe: open amounts of invoices, overdue invoices, the receivables ledger and its aging. Reads only.

An invoice's open amount = its total + its credit notes (negative) − the payments matched to it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import BigIntegerField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from distribution.licensing import engine as licensing
from distribution.licensing.models import Invoice, Licensee, Payment, PaymentAllocation


def _sum(queryset: QuerySet, group: str, field: str) -> Coalesce:
    total = queryset.values(group).annotate(s=Sum(field)).values("s")
    return Coalesce(Subquery(total, output_field=BigIntegerField()), Value(0), output_field=BigIntegerField())


def with_open_amount(invoices: QuerySet) -> QuerySet:
    """Annotate credited (≤ 0), paid and open amounts, in one query."""
    return invoices.annotate(
        credited_amount=_sum(Invoice.objects.filter(credited=OuterRef("pk")), "credited", "total"),
        paid_amount=_sum(PaymentAllocation.objects.filter(invoice=OuterRef("pk")), "invoice", "amount"),
    ).annotate(open_amount=F("total") + F("credited_amount") - F("paid_amount"))


def with_unallocated(payments: QuerySet) -> QuerySet:
    allocated = _sum(PaymentAllocation.objects.filter(payment=OuterRef("pk")), "payment", "amount")
    return payments.annotate(allocated_amount=allocated).annotate(unallocated=F("amount") - F("allocated_amount"))


def open_amounts(invoice_ids: list[int]) -> dict[int, int]:
    rows = with_open_amount(Invoice.objects.filter(pk__in=invoice_ids)).values_list("pk", "open_amount")
    return dict(rows)


def open_invoices(*, licensees=(), numbers=()) -> list[licensing.OpenInvoice]:
    """Open invoices of some licensees (ids or objects) and those named by number, as plain data for matching.

    Credits and payments are summed in two grouped queries rather than per-invoice subqueries, so a batch that
    follows a large invoicing run does not depend on the planner knowing the new rows.
    """
    wanted = Q(number__in=list(numbers)) | Q(licensee__in=list(licensees))
    invoices = list(Invoice.objects.filter(wanted, kind=Invoice.Kind.INVOICE).select_related("licensee"))
    ids = [i.pk for i in invoices]
    credited = Invoice.objects.filter(credited_id__in=ids).values_list("credited_id").annotate(s=Sum("total"))
    paid = PaymentAllocation.objects.filter(invoice_id__in=ids).values_list("invoice_id").annotate(s=Sum("amount"))
    credits, payments = dict(credited), dict(paid)
    found = [
        licensing.OpenInvoice(
            i.pk,
            i.number,
            i.licensee.code,
            i.currency,
            i.due_on,
            i.total + credits.get(i.pk, 0) - payments.get(i.pk, 0),
        )
        for i in invoices
    ]
    return sorted((i for i in found if i.open_amount > 0), key=lambda i: (i.due_on, i.number))


def overdue(today: date) -> QuerySet:
    return with_open_amount(Invoice.objects.filter(kind=Invoice.Kind.INVOICE, due_on__lt=today)).filter(
        open_amount__gt=0
    )


@dataclass(frozen=True, slots=True)
class Balance:
    licensee: Licensee
    currency: str
    invoiced: int
    credited: int  # ≥ 0
    paid: int
    outstanding: int  # invoiced − credited − paid, of open invoices and overpayments alike
    overdue: int
    aging: dict[str, int]


def balances(today: date, licensees: QuerySet | None = None) -> list[Balance]:
    """One row per licensee and currency, with aging of what is open."""
    licensees = licensees if licensees is not None else Licensee.objects.all()
    invoices = with_open_amount(Invoice.objects.filter(licensee__in=licensees)).select_related("licensee")
    groups: dict[tuple[int, str], dict] = {}
    for inv in invoices.order_by("licensee__name", "licensee_id", "currency"):
        group = groups.setdefault((inv.licensee_id, inv.currency), {"licensee": inv.licensee, "items": []})
        key = "credited" if inv.kind == Invoice.Kind.CREDIT_NOTE else "invoiced"
        group[key] = group.get(key, 0) + abs(inv.total)
        if inv.kind == Invoice.Kind.INVOICE and inv.open_amount > 0:
            group["items"].append((inv.due_on, inv.open_amount))
    paid = (
        Payment.objects.filter(licensee__in=licensees).values_list("licensee_id", "currency").annotate(s=Sum("amount"))
    )
    for licensee_id, currency, amount in paid:
        if (licensee_id, currency) in groups:
            groups[(licensee_id, currency)]["paid"] = amount
    rows = []
    for (_, currency), g in groups.items():
        invoiced, credited, paid_amount = g.get("invoiced", 0), g.get("credited", 0), g.get("paid", 0)
        ages = licensing.aging(g["items"], today)
        rows.append(
            Balance(
                g["licensee"],
                currency,
                invoiced,
                credited,
                paid_amount,
                invoiced - credited - paid_amount,
                sum(v for k, v in ages.items() if k != "not_due"),
                ages,
            )
        )
    return rows


def ledger(licensee: Licensee) -> list[licensing.LedgerRow]:
    """Invoices, credit notes and payments of a licensee, dated, with the running balance."""
    return ledgers([licensee.pk]).get(licensee.pk, [])


def ledgers(licensee_ids) -> dict[int, list[licensing.LedgerRow]]:
    """The ledgers of many licensees in two queries (amounts of one currency per licensee are assumed)."""
    entries: dict[int, list[licensing.Entry]] = {}
    for inv in Invoice.objects.filter(licensee_id__in=list(licensee_ids)).only(
        "licensee_id", "issued_on", "kind", "number", "total"
    ):
        entry = licensing.Entry(inv.issued_on, inv.kind, inv.number, max(inv.total, 0), max(-inv.total, 0))
        entries.setdefault(inv.licensee_id, []).append(entry)
    for p in Payment.objects.filter(licensee_id__in=list(licensee_ids)).only(
        "licensee_id", "received_on", "reference", "amount"
    ):
        entry = licensing.Entry(p.received_on, "payment", p.reference or f"payment {p.pk}", credit=p.amount)
        entries.setdefault(p.licensee_id, []).append(entry)
    return {licensee_id: licensing.running_balance(items) for licensee_id, items in entries.items()}
