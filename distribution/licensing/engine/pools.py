"""Pool arithmetic: what remains, and whether a draw may be taken (a pool's balance never goes negative)."""

from collections.abc import Iterable

from .errors import LicensingError


def remaining(collected: int, draws: Iterable[int]) -> int:
    return collected - sum(draws)


def check_draw(pool: str, collected: int, drawn: int, amount: int | None = None) -> int:
    """The amount a run may take from a pool (the whole remainder when `amount` is None); raises if the pool
    would go negative or has nothing left."""
    left = collected - drawn
    if left <= 0:
        raise LicensingError(f"{pool}: nothing left to distribute ({drawn} of {collected} already drawn)")
    if amount is None:
        return left
    if amount <= 0:
        raise LicensingError(f"{pool}: a draw must be positive, got {amount}")
    if amount > left:
        raise LicensingError(f"{pool}: cannot draw {amount}, only {left} remains of {collected}")
    return amount
