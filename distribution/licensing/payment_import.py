"""Import a bank file of payments (CSV or XLSX) and match them to open invoices; the same file is imported once.

Columns (header names, any order): date, amount, and optionally currency, reference, payer, licensee (code),
invoice (number). A row that cannot be read is rejected with its row number and why; the others are recorded.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from distribution.licensing import engine as licensing
from distribution.licensing.models import Licensee, Payment, PaymentAllocation, PaymentImport
from distribution.licensing.receivables import open_invoices
from wipoconnect.core import money, tabular

REQUIRED = ("date", "amount")


@dataclass
class ImportResult:
    payment_import: PaymentImport
    already: bool = False
    payments: int = 0
    matched: int = 0
    unmatched: int = 0
    amount: int = 0
    allocated: int = 0
    rejected: list[str] = field(default_factory=list)

    def first_line(self) -> str:
        if self.already:
            return f"payments {self.payment_import.pk}: already imported"
        return (
            f"payments {self.payment_import.pk}: {self.payments} payments, {self.matched} matched, "
            f"{self.unmatched} unmatched, {len(self.rejected)} rejected"
        )


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def import_payments(path: Path, user=None) -> ImportResult:
    digest = checksum(path)
    known = PaymentImport.objects.filter(checksum=digest).first()
    if known:
        return ImportResult(known, already=True)
    header, rows = tabular.read_rows(path)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise licensing.LicensingError(f"{path.name}: missing column(s) {', '.join(missing)}")
    source = PaymentImport.objects.create(filename=path.name, checksum=digest)
    result = ImportResult(source)
    parsed = _parse(path.name, rows, result)
    allocations = _match(parsed, result)
    Payment.objects.bulk_create(p for p, _ in parsed)
    PaymentAllocation.objects.bulk_create(allocations)  # their payment ids are taken from the saved payments
    source.summary = {
        "first_line": result.first_line(),
        "amount": result.amount,
        "allocated": result.allocated,
        "rejected": result.rejected[:100],
    }
    source.save(update_fields=["summary"])
    return result


def _parse(name: str, rows, result: ImportResult) -> list[tuple[Payment, str]]:
    licensees = {lic.code: lic for lic in Licensee.objects.all()}
    by_name = {lic.name.casefold(): lic for lic in licensees.values()}
    parsed = []
    for number, row in rows:
        try:
            received_on = _date(row["date"])
        except ValueError:
            result.rejected.append(f"{name}:{number} column 'date': {row['date']!r} is not a date (YYYY-MM-DD)")
            continue
        currency = (row.get("currency") or settings.CURRENCY).upper()
        try:
            amount = money.parse_minor(row["amount"], currency, "column 'amount':", grouped=True)
        except money.MoneyError as exc:
            result.rejected.append(f"{name}:{number} {exc}")
            continue
        code = row.get("licensee", "").upper()
        if code and code not in licensees:
            result.rejected.append(f"{name}:{number} column 'licensee': no licensee {code}")
            continue
        if amount <= 0:
            result.rejected.append(f"{name}:{number} column 'amount': {row['amount']!r} must be positive")
            continue
        licensee = licensees.get(code) or by_name.get(row.get("payer", "").casefold())
        payment = Payment(
            licensee=licensee,
            received_on=received_on,
            amount=amount,
            currency=currency,
            reference=row.get("reference", "")[:200],
            payer=row.get("payer", "")[:200],
            source=result.payment_import,
            row=number,
        )
        parsed.append((payment, row.get("invoice", "")))
    return parsed


def _date(text: str) -> date:
    """'2026-04-20', or a spreadsheet's date cell read as '2026-04-20 00:00:00'."""
    if len(text) > 10 and text[10] in " T" and not text[11:].strip("0: "):
        text = text[:10]
    return date.fromisoformat(text)


def _match(payments: list[tuple[Payment, str]], result: ImportResult) -> list[PaymentAllocation]:
    """Match in file order against open amounts kept in memory, so later rows see earlier rows' matches; a
    payment from an unknown payer that names an invoice belongs to that invoice's licensee."""
    incoming = [
        (p, licensing.PaymentIn(p.amount, p.currency, p.reference, p.licensee.code if p.licensee else "", hint))
        for p, hint in payments
    ]
    numbers = sorted({n for _, pin in incoming for n in licensing.matching.named_invoices(pin)})
    pool = {i.ref: i for i in open_invoices(licensees={p.licensee_id for p, _ in payments}, numbers=numbers)}
    by_number = {i.number.upper(): i.ref for i in pool.values()}
    by_payer: dict[str, list] = {}
    for invoice in pool.values():  # open_invoices gives them by due date
        by_payer.setdefault(invoice.licensee, []).append(invoice.ref)
    licensee_ids = dict(Licensee.objects.filter(code__in=by_payer).values_list("code", "pk"))
    allocations = []
    for payment, pin in incoming:
        refs = [by_number[n] for n in licensing.matching.named_invoices(pin) if n in by_number]
        refs += by_payer.get(pin.licensee, []) if pin.licensee else []
        method, pairs = licensing.match_payment(pin, [pool[ref] for ref in dict.fromkeys(refs)])
        result.payments, result.amount = result.payments + 1, result.amount + payment.amount
        result.matched += bool(pairs)
        result.unmatched += not pairs
        for invoice_id, amount in pairs:
            invoice = pool[invoice_id]
            pool[invoice_id] = replace(invoice, open_amount=invoice.open_amount - amount)
            allocations.append(PaymentAllocation(payment=payment, invoice_id=invoice_id, amount=amount, method=method))
            result.allocated += amount
            payment.licensee_id = payment.licensee_id or licensee_ids[invoice.licensee]
    return allocations
