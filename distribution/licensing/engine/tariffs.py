"""A tariff applied to a declaration: invoice lines in minor units, each with its calculation as text.

Components (any combination): a flat fee, a percentage of declared revenue, a rate per use, a rate per minute.
The flat fee and the minimum fee are quoted per `fee_months` and charged for the months the licence covers.
Each line is rounded half to even from its exact amount; the total is the sum of the lines, and when it falls
below the minimum fee for the covered months a top-up line brings it to that minimum.
"""

from dataclasses import dataclass
from fractions import Fraction

from wipoconnect.core.money import format_exact, format_minor

from .errors import LicensingError


@dataclass(frozen=True, slots=True)
class TariffTerms:
    code: str
    currency: str
    flat_fee: int = 0  # minor units per fee period
    fee_months: int = 12
    revenue_percent: Fraction | None = None  # 5.5 for 5.5 %
    per_use: Fraction | None = None  # minor units per use (may be a fraction of a cent)
    per_minute: Fraction | None = None  # minor units per minute of use
    minimum_fee: int = 0  # minor units per fee period

    def __post_init__(self):
        if self.fee_months <= 0:
            raise LicensingError(f"tariff {self.code}: fee period must be at least one month")
        if self.flat_fee < 0 or self.minimum_fee < 0:
            raise LicensingError(f"tariff {self.code}: fees must not be negative")


@dataclass(frozen=True, slots=True)
class Declared:
    revenue: int | None = None  # minor units
    uses: int | None = None
    seconds: int | None = None


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    kind: str  # flat, revenue, use, minute, minimum
    description: str
    calculation: str
    amount: int


@dataclass(frozen=True, slots=True)
class InvoiceCalc:
    currency: str
    lines: tuple[InvoiceLine, ...]
    total: int

    def text(self) -> list[str]:
        shown = [f"{line.description}: {line.calculation}" for line in self.lines]
        return [*shown, f"Total: {format_minor(self.total, self.currency)}"]


def missing_declaration(terms: TariffTerms, declared: Declared | None) -> list[str]:
    """The declared figures the tariff needs and that are absent."""
    declared = declared or Declared()
    needs = [
        ("revenue", terms.revenue_percent, declared.revenue),
        ("uses", terms.per_use, declared.uses),
        ("minutes", terms.per_minute, declared.seconds),
    ]
    return [name for name, rate, value in needs if rate is not None and value is None]


def compute_invoice(terms: TariffTerms, declared: Declared | None, months: Fraction) -> InvoiceCalc:
    """Invoice lines for `months` of licence under `terms`, from the declared figures."""
    missing = missing_declaration(terms, declared)
    if missing:
        raise LicensingError(f"tariff {terms.code}: the declaration lacks {', '.join(missing)}")
    if months <= 0:
        raise LicensingError(f"tariff {terms.code}: the licence covers no part of the period")
    declared = declared or Declared()
    lines = [line for line in _component_lines(terms, declared, months) if line is not None]
    lines += _minimum_line(terms, months, sum(line.amount for line in lines))
    return InvoiceCalc(currency=terms.currency, lines=tuple(lines), total=sum(line.amount for line in lines))


def _component_lines(terms: TariffTerms, declared: Declared, months: Fraction):
    cur = terms.currency
    if terms.flat_fee:
        exact = terms.flat_fee * months / terms.fee_months
        basis = f"{format_minor(terms.flat_fee, cur)} per {_months(terms.fee_months)} × {_months(months)}"
        yield _line("flat", "Flat fee", basis, exact, cur)
    if terms.revenue_percent is not None:
        exact = declared.revenue * terms.revenue_percent / 100
        basis = f"{_number(terms.revenue_percent)} % × {format_minor(declared.revenue, cur)} declared revenue"
        yield _line("revenue", "Revenue share", basis, exact, cur)
    if terms.per_use is not None:
        exact = declared.uses * terms.per_use
        basis = f"{declared.uses:,} uses × {format_exact(terms.per_use, cur)} {cur}"
        yield _line("use", "Per use", basis, exact, cur)
    if terms.per_minute is not None:
        minutes = Fraction(declared.seconds, 60)
        exact = minutes * terms.per_minute
        basis = f"{_number(minutes)} minutes ({declared.seconds:,} s) × {format_exact(terms.per_minute, cur)} {cur}"
        yield _line("minute", "Per minute", basis, exact, cur)


def _minimum_line(terms: TariffTerms, months: Fraction, subtotal: int) -> list[InvoiceLine]:
    if not terms.minimum_fee:
        return []
    minimum = round(terms.minimum_fee * months / terms.fee_months)  # half to even, exactly
    if subtotal >= minimum:
        return []
    cur = terms.currency
    basis = (
        f"minimum {format_minor(terms.minimum_fee, cur)} per {_months(terms.fee_months)} × {_months(months)}"
        f" = {format_minor(minimum, cur)}; lines {format_minor(subtotal, cur)}; top-up"
    )
    return [_line("minimum", "Minimum fee top-up", basis, Fraction(minimum - subtotal), cur)]


def _line(kind: str, description: str, basis: str, exact: Fraction, currency: str) -> InvoiceLine:
    amount = round(exact)  # round() of a Fraction is half to even, exactly
    shown = f"{basis} = {format_exact(exact, currency)} → {format_minor(amount, currency)}"
    if exact == amount:
        shown = f"{basis} = {format_minor(amount, currency)}"
    return InvoiceLine(kind=kind, description=description, calculation=shown, amount=amount)


def _months(months: Fraction | int) -> str:
    months = Fraction(months)
    return "1 month" if months == 1 else f"{_number(months)} months"


def _number(value: Fraction) -> str:
    """Exact: a decimal when it ends within 4 places (5.5, 2.25), else the fraction (31/30)."""
    for places in range(5):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole, digits = divmod(abs(scaled.numerator), 10**places)
            sign = "-" if value < 0 else ""
            return f"{sign}{whole:,}" + (f".{digits:0{places}d}" if places else "")
    return f"{value.numerator}/{value.denominator}"
