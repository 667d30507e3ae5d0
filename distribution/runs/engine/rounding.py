"""Step 7, second half: floor every exact line, then hand the missing cents to the largest remainders.

Ties are broken by ascending (payee key, work key) in Python `str` order (code points), never a collation.
This is not wipoconnect.core.money.split: its input is already floored lines with their remainders over the run's
denominator (hundreds of thousands, streamed from the staging table), not an amount and weights.
"""

from collections.abc import Iterable
from typing import TypeVar

from .model import EngineError, ExactLine, Line

T = TypeVar("T")


def largest_remainders(candidates: Iterable[tuple[int, str, str, T]], missing: int) -> list[T]:
    """Items of the `missing` candidates (remainder, payee key, work key, item) that receive one more cent."""
    if missing <= 0:
        return []
    # About half the lines get a cent: a full sort beats a heap of that size.
    chosen = sorted(candidates, key=lambda c: (-c[0], c[1], c[2]))[:missing]
    if len(chosen) < missing or chosen[-1][0] <= 0:
        raise EngineError(f"rounding: {missing} cents missing but too few lines with a remainder")
    return [c[3] for c in chosen]


def round_lines(exact: Iterable[ExactLine], total: int, denominator: int) -> list[Line]:
    """Lines in whole minor units summing to `total` (their exact amounts must sum to it); zero lines dropped."""
    floors: list[tuple[ExactLine, int, int]] = []
    floored_sum = 0
    for line in exact:
        amount, remainder = divmod(line.numerator, denominator)
        floors.append((line, amount, remainder))
        floored_sum += amount
    missing = total - floored_sum
    bonus = set(largest_remainders(((r, x.payee.key, x.work, i) for i, (x, _, r) in enumerate(floors)), missing))
    rounded = [_rounded(x, amount + (i in bonus)) for i, (x, amount, _) in enumerate(floors)]
    return [line for line in rounded if line.amount]


def _rounded(exact: ExactLine, amount: int) -> Line:
    return Line(
        kind=exact.payee.kind,
        payee=exact.payee.key,
        work=exact.work,
        amount=amount,
        party=exact.payee.party,
        society=exact.payee.society,
        work_ref=exact.work_ref,
        roles=exact.roles,
        share_units=exact.share_units,
        weight=exact.weight,
    )
