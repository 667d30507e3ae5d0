"""Amounts as text ↔ integers in minor units (2 decimals), exact rates, and splits that add up to the cent."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .errors import LicensingError

MINOR = 100  # minor units per currency unit (cents); every currency here has two decimals


def parse_minor(text: str | Decimal | int, what: str = "amount", *, signed: bool = False) -> int:
    """'1,234.50' → 123450 exactly; at most two decimals; negative only when `signed`."""
    value = _decimal(text, what)
    if value != value.quantize(Decimal("0.01")):
        raise LicensingError(f"{what} {text!r}: at most two decimals")
    if value < 0 and not signed:
        raise LicensingError(f"{what} {text!r}: must not be negative")
    return int(value * MINOR)


def parse_rate(text: str | Decimal | int, what: str = "rate", decimals: int = 6) -> Fraction:
    """A rate or percentage as an exact Fraction ('0.0035' → 7/2000), never negative, at most `decimals`."""
    value = _decimal(text, what)
    if value < 0:
        raise LicensingError(f"{what} {text!r}: must not be negative")
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise LicensingError(f"{what} {text!r}: at most {decimals} decimals")
    return Fraction(value)


def _decimal(text: str | Decimal | int, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise LicensingError(f"{what} {text!r}: not a number") from None
    if not value.is_finite():
        raise LicensingError(f"{what} {text!r}: not a number")
    return value


def format_minor(amount: int, currency: str = "") -> str:
    """123450 → '1,234.50 EUR'."""
    sign = "-" if amount < 0 else ""
    units, cents = divmod(abs(amount), MINOR)
    return f"{sign}{units:,}.{cents:02d}" + (f" {currency}" if currency else "")


def format_exact(value: Fraction, places: int = 6) -> str:
    """An exact amount in minor units shown in currency units: exact when it terminates within `places`
    decimals beyond the cents, else cut with '…' (the text explains; the integer result is what counts)."""
    units = value / MINOR
    sign = "-" if units < 0 else ""
    units = abs(units)
    whole, rest = divmod(units.numerator, units.denominator)
    digits = ""
    for _ in range(2 + places):
        rest *= 10
        digit, rest = divmod(rest, units.denominator)
        digits += str(digit)
        if rest == 0 and len(digits) >= 2:
            break
    return f"{sign}{whole:,}.{digits}" + ("…" if rest else "")


def split_by_shares(amount: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """Split `amount` by shares summing to 1: floors, then the missing units to the largest remainders
    (ties by key), so the parts add up to `amount` exactly."""
    if not shares or sum(shares.values()) != 1:
        raise LicensingError(f"shares {sorted(shares)} must add up to 100 %")
    exact = {key: amount * share for key, share in shares.items()}
    parts = {key: value.numerator // value.denominator for key, value in exact.items()}
    missing = amount - sum(parts.values())
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - parts[key]), key))
    for key in by_remainder[:missing]:
        parts[key] += 1
    return parts
