"""Money: amounts as integers in minor units of their currency, exact Fractions inside, never floats. No Django.

The number of decimals of a currency (its ISO 4217 minor-unit exponent) is data: `EXPONENTS`, 2 for any code not
listed. Text in currency units becomes minor units (`parse_minor`) and back (`format_minor`, `amount_text`), and an
amount is split by weights into whole minor units that add up to it exactly (`split`).
"""

from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TypeVar

from wipoconnect.core.errors import DomainError

K = TypeVar("K", bound=Hashable)
Weight = int | Fraction | Decimal

# ISO 4217 minor-unit exponents: every active code whose exponent is not 2, and the common ones (which are 2).
EXPONENTS = {
    # no minor unit
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # thousandths
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # ten-thousandths (units of account)
    "CLF": 4,
    "UYW": 4,
    # hundredths: the common ones, listed for the reader
    "AUD": 2,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CNY": 2,
    "CZK": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "INR": 2,
    "MXN": 2,
    "NOK": 2,
    "NZD": 2,
    "PLN": 2,
    "SEK": 2,
    "SGD": 2,
    "USD": 2,
    "ZAR": 2,
}
DEFAULT_EXPONENT = 2
_DECIMALS = {
    0: "no decimals",
    1: "at most one decimal",
    2: "at most two decimals",
    3: "at most three decimals",
    4: "at most four decimals",
}


class MoneyError(DomainError):
    """Text that is not an amount of its currency, or a split that cannot be made; the message says why."""


def exponent(currency: str) -> int:
    """Decimals of the currency's minor unit: EUR 2, JPY 0, KWD 3; 2 for a code not in the table (or none)."""
    return EXPONENTS.get(currency.strip().upper(), DEFAULT_EXPONENT)


def parse_minor(
    text: str | Decimal | int, currency: str, what: str = "amount", *, signed: bool = False, grouped: bool = False
) -> int:
    """'1000.00' EUR → 100000, '1000' JPY → 1000, '1.5' KWD → 1500, exactly; no more decimals than the currency
    has, negative only when `signed`, ',' thousands separators only when `grouped` ('1,234.50')."""
    value = _decimal(text, what, grouped)
    places = exponent(currency)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        suffix = "" if places == DEFAULT_EXPONENT else f" in {currency.upper()}"
        raise MoneyError(f"{what} {text!r}: {_DECIMALS.get(places, f'at most {places} decimals')}{suffix}")
    if value < 0 and not signed:
        raise MoneyError(f"{what} {text!r}: must not be negative")
    return int(value.scaleb(places))


def parse_rate(text: str | Decimal | int, what: str = "rate", decimals: int = 6) -> Fraction:
    """A rate or percentage as an exact Fraction ('0.0035' → 7/2000), never negative, at most `decimals`."""
    value = _decimal(text, what, grouped=True)
    if value < 0:
        raise MoneyError(f"{what} {text!r}: must not be negative")
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise MoneyError(f"{what} {text!r}: at most {decimals} decimals")
    return Fraction(value)


def _decimal(text: str | Decimal | int, what: str, grouped: bool) -> Decimal:
    raw = str(text).strip()
    try:
        value = Decimal(raw.replace(",", "") if grouped else raw)
    except InvalidOperation:
        raise MoneyError(f"{what} {text!r}: not a number") from None
    if not value.is_finite():
        raise MoneyError(f"{what} {text!r}: not a number")
    return value


def to_units(amount: int, currency: str) -> Decimal:
    """Minor units as an exact Decimal in currency units with the currency's decimals: 123450 EUR → 1234.50."""
    sign, digits, _ = Decimal(int(amount)).as_tuple()
    return Decimal((sign, digits, -exponent(currency)))


def amount_text(amount: int, currency: str) -> str:
    """Minor units as plain text in currency units, for files: 123450 EUR → '1234.50', 1234 JPY → '1234'."""
    return f"{to_units(amount, currency):f}"


def format_minor(amount: int, currency: str) -> str:
    """Minor units for people, grouped, with the code: 123450 EUR → '1,234.50 EUR', 123450 JPY → '123,450 JPY'."""
    places = exponent(currency)
    sign = "-" if amount < 0 else ""
    units, rest = divmod(abs(amount), 10**places)
    decimals = f".{rest:0{places}d}" if places else ""
    return f"{sign}{units:,}{decimals}" + (f" {currency}" if currency else "")


def format_exact(value: Fraction, currency: str, places: int = 6) -> str:
    """An exact amount in minor units shown in currency units: exact when it terminates within `places` decimals
    beyond the currency's own, else cut with '…' (the text explains; the integer result is what counts)."""
    own = exponent(currency)
    units = abs(Fraction(value)) / 10**own
    whole, rest = divmod(units.numerator, units.denominator)
    digits = ""
    while len(digits) < own or (rest and len(digits) < own + places):
        rest *= 10
        digit, rest = divmod(rest, units.denominator)
        digits += str(digit)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole:,}" + (f".{digits}" if digits else "") + ("…" if rest else "")


def split(amount: int, weights: Sequence[Weight], ties: Sequence | None = None) -> list[int]:
    """`amount` in parts proportional to `weights` (≥ 0, not all 0) that add up to it exactly: each part is the
    floor of its exact share, then the units still missing go one each to the largest remainders, equal remainders
    by ascending `ties` (one sort key per weight; default: the weights' order)."""
    total = sum(Fraction(w) for w in weights)
    if total <= 0 or any(w < 0 for w in weights):
        raise MoneyError(f"split of {amount}: weights {list(weights)} must be ≥ 0 and not all 0")
    if ties is not None and len(ties) != len(weights):
        raise MoneyError(f"split of {amount}: {len(ties)} tie keys for {len(weights)} weights")
    exact = [amount * Fraction(w) / total for w in weights]
    parts = [x.numerator // x.denominator for x in exact]
    tie = ties if ties is not None else range(len(weights))
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], tie[i]))
    for i in order[: amount - sum(parts)]:
        parts[i] += 1
    return parts


def split_by_key(amount: int, weights: Mapping[K, Weight]) -> dict[K, int]:
    """`split` by a mapping of weights; equal remainders by ascending key."""
    keys = list(weights)
    return dict(zip(keys, split(amount, [weights[k] for k in keys], ties=keys), strict=True))
