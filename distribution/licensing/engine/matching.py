"""Matching a payment to open invoices: the invoice numbers it names first, else the payer's oldest invoices.

Whatever cannot be matched stays on the payment as unallocated (an overpayment or an unknown payer) for staff.
"""

import re
from dataclasses import dataclass
from datetime import date

INVOICE_NUMBER = re.compile(r"\bINV-\d{4}-\d{6}\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    ref: object  # the invoice's id
    number: str
    licensee: str  # licensee code
    currency: str
    due_on: date
    open_amount: int


@dataclass(frozen=True, slots=True)
class PaymentIn:
    amount: int
    currency: str
    reference: str = ""  # bank reference or remittance text
    licensee: str = ""  # licensee code when known
    invoice: str = ""  # invoice number when given


def named_invoices(payment: PaymentIn) -> list[str]:
    """Invoice numbers the payment names, in order, without repeats."""
    found = [payment.invoice.upper()] if payment.invoice else []
    found += [m.upper() for m in INVOICE_NUMBER.findall(payment.reference)]
    return list(dict.fromkeys(found))


def match_payment(payment: PaymentIn, invoices: list[OpenInvoice]) -> tuple[str, list[tuple[object, int]]]:
    """(method, [(invoice ref, amount)]): 'reference' when it names invoices, 'oldest' when it falls to the
    licensee's open invoices by due date, 'unmatched' when neither applies. Never allocates more than the
    payment nor more than an invoice has open."""
    candidates = [i for i in invoices if i.currency == payment.currency and i.open_amount > 0]
    by_number = {i.number.upper(): i for i in candidates}
    named = [by_number[n] for n in named_invoices(payment) if n in by_number]
    if named:
        return "reference", _allocate(payment.amount, named)
    if payment.licensee:
        own = sorted((i for i in candidates if i.licensee == payment.licensee), key=lambda i: (i.due_on, i.number))
        if own:
            return "oldest", _allocate(payment.amount, own)
    return "unmatched", []


def _allocate(amount: int, invoices: list[OpenInvoice]) -> list[tuple[object, int]]:
    allocations = []
    for invoice in invoices:
        if amount <= 0:
            break
        take = min(amount, invoice.open_amount)
        allocations.append((invoice.ref, take))
        amount -= take
    return allocations
