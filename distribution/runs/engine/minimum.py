"""Step 8: minimum payment. Members below the threshold are carried forward; paid members take their balance."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import BROUGHT_FORWARD, CARRY_FORWARD, MEMBER, Line, Ref


@dataclass(frozen=True)
class MinimumOutcome:
    carried: frozenset[Ref]  # members not paid this run
    brought_forward: dict[Ref, int]  # paid members with an earlier balance, and that balance
    balances: dict[Ref, int]  # new balance of every member of the run (0 when paid)


def decide_minimum(totals: Mapping[Ref, int], balances: Mapping[Ref, int], threshold: int) -> MinimumOutcome:
    """`totals`: each member's lines in this run; `balances`: their balance brought forward (run's currency)."""
    carried, brought, new = set(), {}, {}
    for party, total in totals.items():
        balance = balances.get(party, 0)
        if total + balance < threshold:
            carried.add(party)
            new[party] = balance + total
        else:
            if balance:
                brought[party] = balance
            new[party] = 0
    return MinimumOutcome(frozenset(carried), brought, new)


def member_totals(lines: Iterable[Line]) -> dict[Ref, int]:
    totals: dict[Ref, int] = {}
    for line in lines:
        if line.kind == MEMBER:
            totals[line.party] = totals.get(line.party, 0) + line.amount
    return totals


def apply_minimum(lines: list[Line], balances: Mapping[Ref, int], threshold: int) -> tuple[list[Line], dict[Ref, int]]:
    """Lines after the minimum payment (carry_forward and brought_forward lines) and the members' new balances."""
    outcome = decide_minimum(member_totals(lines), balances, threshold)
    result: list[Line] = []
    keys: dict[Ref, str] = {}
    for line in lines:
        if line.kind == MEMBER:
            keys[line.party] = line.payee
            if line.party in outcome.carried:
                line = replace(line, kind=CARRY_FORWARD)
        result.append(line)
    for party, balance in outcome.brought_forward.items():
        result.append(Line(kind=BROUGHT_FORWARD, payee=keys[party], work="", amount=balance, party=party))
    return result, outcome.balances
