"""Licensing math: tariffs → invoice lines, payment matching, receivables aging, pool arithmetic. No Django imports.

Amounts are integers in minor units (wipoconnect.core.money); exact amounts inside are Fractions; every calculation
is also shown as text.
"""

from .errors import LicensingError
from .ledger import AGING_BUCKETS, Entry, LedgerRow, aging, running_balance
from .matching import OpenInvoice, PaymentIn, match_payment
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
    "match_payment",
    "missing_declaration",
    "parse_period",
    "remaining",
    "running_balance",
]
