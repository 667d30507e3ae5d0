"""Step 1: administration and social/cultural deductions, both taken on the gross, rounded half to even."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .model import EngineError


@dataclass(frozen=True, slots=True)
class Deductions:
    gross: int
    admin: int
    social: int
    net: int


def parse_percent(text: str | Decimal | int, what: str = "percentage") -> Decimal:
    """'15' or '12.5' → Decimal; at most two decimals, between 0 and 100."""
    value = _decimal(text, what)
    if not 0 <= value <= 100:
        raise EngineError(f"{what} {text!r}: must be between 0 and 100")
    return value


def _decimal(text: str | Decimal | int, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise EngineError(f"{what} {text!r}: not a number") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise EngineError(f"{what} {text!r}: at most two decimals")
    return value


def deduct(gross: int, admin: Decimal, social: Decimal) -> Deductions:
    """A = round_half_even(G·a/100), S = round_half_even(G·s/100), N = G − A − S."""
    if gross < 0:
        raise EngineError(f"gross {gross}: must not be negative")
    admin, social = parse_percent(admin, "admin deduction"), parse_percent(social, "social deduction")
    if admin + social > 100:
        raise EngineError(f"deductions {admin} % + {social} % exceed 100 %")
    # round() of a Fraction rounds half to even, exactly.
    a = round(Fraction(gross) * Fraction(admin) / 100)
    s = round(Fraction(gross) * Fraction(social) / 100)
    if a + s > gross:
        raise EngineError(f"deductions {a} + {s} round above the gross {gross}: net would be negative")
    return Deductions(gross=gross, admin=a, social=s, net=gross - a - s)
