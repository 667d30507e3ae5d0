"""Small builders for engine inputs (plain data, no database)."""

from datetime import date
from decimal import Decimal

from distribution.runs.engine import Party, RunInput, RunParams

RUNNING = "035"
DAY = date(2025, 12, 31)


def params(gross=100000, admin="15", social="10", territory="2136", threshold=0, right="PR") -> RunParams:
    return RunParams(
        gross=gross,
        admin=Decimal(admin),
        social=Decimal(social),
        right=right,
        territory=territory,
        society_code=RUNNING,
        on=DAY,
        threshold=threshold,
    )


def party(ref: int, ipi: bool = True) -> Party:
    return Party(ref=ref, code=f"P{ref:08d}", ipi_name=f"{ref:011d}" if ipi else None)


def run_input(p, works, shares, parties, memberships=(), agreements=(), unidentified=None, balances=None):
    return RunInput(
        params=p,
        works=tuple(works),
        unidentified=unidentified or {},
        shares=tuple(shares),
        parties={x.ref: x for x in parties},
        memberships=tuple(memberships),
        agreements=tuple(agreements),
        balances=balances or {},
    )


def amounts(result) -> dict[tuple[str, str, str], int]:
    return {line.sort_key: line.amount for line in result.lines}
