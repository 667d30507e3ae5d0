"""The receivables ledger of a licensee: dated entries with a running balance, and the aging of open invoices."""

from dataclasses import dataclass
from datetime import date

AGING_BUCKETS = ("not_due", "1-30", "31-60", "61-90", "over_90")


@dataclass(frozen=True, slots=True)
class Entry:
    on: date
    kind: str  # invoice, credit_note, payment
    reference: str
    debit: int = 0  # what the licensee owes more
    credit: int = 0  # what they paid or were credited


@dataclass(frozen=True, slots=True)
class LedgerRow:
    entry: Entry
    balance: int


def running_balance(entries: list[Entry], opening: int = 0) -> list[LedgerRow]:
    """Entries by date (invoices before payments of the same day), each with the balance after it."""
    order = {"invoice": 0, "credit_note": 1, "payment": 2}
    rows, balance = [], opening
    for entry in sorted(entries, key=lambda e: (e.on, order.get(e.kind, 3), e.reference)):
        balance += entry.debit - entry.credit
        rows.append(LedgerRow(entry, balance))
    return rows


def aging(open_items: list[tuple[date, int]], today: date) -> dict[str, int]:
    """Open amounts by days past their due date."""
    buckets = dict.fromkeys(AGING_BUCKETS, 0)
    for due_on, amount in open_items:
        late = (today - due_on).days
        if late <= 0:
            key = "not_due"
        elif late <= 30:
            key = "1-30"
        elif late <= 60:
            key = "31-60"
        elif late <= 90:
            key = "61-90"
        else:
            key = "over_90"
        buckets[key] += amount
    return buckets
