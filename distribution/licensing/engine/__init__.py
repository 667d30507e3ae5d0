"""Licensing math: tariffs → invoice lines, payment matching, receivables aging, pool arithmetic. No Django imports.

Amounts are integers in minor units; exact amounts inside are Fractions; every calculation is also shown as text.
"""

from .errors import LicensingError
from .ledger import AGING_BUCKETS, Entry, LedgerRow, aging, running_balance
from .matching import OpenInvoice, PaymentIn, match_payment
from .money import format_exact, format_minor, parse_minor, parse_rate, split_by_shares
from .periods import Period, covered_months, parse_period
from .pools import check_draw, remaining
from .tariffs import Declared, InvoiceCalc, InvoiceLine, TariffTerms, compute_invoice, missing_declaration

__all__ = [
    "AGING_BUCKETS",
    "Declared",
    "Entry",
    "InvoiceCalc",
    "InvoiceLine",
    "LedgerRow",
    "LicensingError",
    "OpenInvoice",
    "PaymentIn",
    "Period",
    "TariffTerms",
    "aging",
    "check_draw",
    "compute_invoice",
    "covered_months",
    "format_exact",
    "format_minor",
    "match_payment",
    "missing_declaration",
    "parse_minor",
    "parse_period",
    "parse_rate",
    "remaining",
    "running_balance",
    "split_by_shares",
]
