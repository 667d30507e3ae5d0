"""Excel workbooks of invoices (with their lines) and of the receivables ledger. Amounts in minor units, as
everywhere in files, with the currency beside them."""

from datetime import date
from pathlib import Path

from django.db.models import QuerySet
from openpyxl import Workbook

from distribution.licensing import receivables
from distribution.licensing.engine import AGING_BUCKETS
from distribution.licensing.models import Invoice, InvoiceLine
from wipoconnect.core.tabular import xlsx_append

INVOICE_HEADER = [
    "number",
    "kind",
    "credited",
    "licensee",
    "licensee_name",
    "source",
    "agreement",
    "period_start",
    "period_end",
    "issued_on",
    "due_on",
    "currency",
    "total",
    "credited_amount",
    "paid",
    "open",
    "cancelled",
]
LINE_HEADER = ["number", "position", "kind", "description", "calculation", "amount"]
BALANCE_HEADER = ["licensee", "name", "kind", "currency", "invoiced", "credited", "paid", "outstanding", "overdue"]
LEDGER_HEADER = ["licensee", "name", "date", "kind", "reference", "debit", "credit", "balance"]


def write_invoices(path: Path, invoices: QuerySet) -> int:
    """Sheet 'invoices' (one row each, with credited, paid and open amounts) and sheet 'lines'."""
    invoices = receivables.with_open_amount(invoices).select_related("licensee", "agreement", "credited")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("invoices")
    sheet.append(INVOICE_HEADER)
    ids = []
    for inv in invoices.order_by("issued_on", "number"):
        ids.append(inv.pk)
        xlsx_append(
            sheet,
            [
                inv.number,
                inv.kind,
                inv.credited.number if inv.credited else "",
                inv.licensee.code,
                inv.licensee.name,
                inv.licensee_kind,
                inv.agreement.reference,
                inv.period_start,
                inv.period_end,
                inv.issued_on,
                inv.due_on,
                inv.currency,
                inv.total,
                inv.credited_amount,
                inv.paid_amount,
                inv.open_amount if inv.kind == Invoice.Kind.INVOICE else 0,
                inv.cancelled,
            ],
        )
    lines = workbook.create_sheet("lines")
    lines.append(LINE_HEADER)
    for line in InvoiceLine.objects.filter(invoice_id__in=ids).select_related("invoice").order_by("invoice__number"):
        xlsx_append(
            lines, [line.invoice.number, line.position, line.kind, line.description, line.calculation, line.amount]
        )
    workbook.save(path)
    return len(ids)


def write_receivables(path: Path, today: date) -> int:
    """Sheet 'balances' (one row per licensee and currency, with aging) and sheet 'ledger' (every entry)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("balances")
    sheet.append([*BALANCE_HEADER, *AGING_BUCKETS])
    rows = receivables.balances(today)
    for b in rows:
        xlsx_append(
            sheet,
            [
                b.licensee.code,
                b.licensee.name,
                b.licensee.kind,
                b.currency,
                b.invoiced,
                b.credited,
                b.paid,
                b.outstanding,
                b.overdue,
                *(b.aging[k] for k in AGING_BUCKETS),
            ],
        )
    ledger = workbook.create_sheet("ledger")
    ledger.append(LEDGER_HEADER)
    by_id = {b.licensee.pk: b.licensee for b in rows}
    entries = receivables.ledgers(by_id)
    for licensee in sorted(by_id.values(), key=lambda lic: (lic.name, lic.pk)):
        for row in entries.get(licensee.pk, []):
            e = row.entry
            xlsx_append(
                ledger, [licensee.code, licensee.name, e.on, e.kind, e.reference, e.debit, e.credit, row.balance]
            )
    workbook.save(path)
    return len(rows)
