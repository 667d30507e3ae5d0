"""Step 7, first half: exact lines of a work — shares of one payee in one work added together."""

from collections.abc import Iterable, Mapping

from .allocation import Allocation
from .model import CONFLICT, FULL, SUSPENSE, UNCLAIMED, UNIDENTIFIED, ExactLine, Payee, Ref, Share, WorkUsage
from .payees import PayeeResolver
from .shares import AgreementIndex, share_picture


def work_lines(
    work: WorkUsage,
    shares: Iterable[Share],
    allocation: Allocation,
    agreements: AgreementIndex,
    payees: PayeeResolver,
    territory: str,
) -> tuple[list[ExactLine], str | None]:
    """The exact lines of one identified work, and the reason it went to conflict (or None)."""
    weight = allocation.work_weights[work.ref]
    picture = share_picture(work.ref, shares, agreements, territory)
    if picture.conflict:
        payee = Payee(SUSPENSE, CONFLICT)
        return [_line(payee, work, weight, allocation, FULL, ())], picture.conflict
    units: dict[Payee, int] = {}
    roles: dict[Payee, set[str]] = {}
    for party, role, part in picture.entries:
        payee = payees.payee(party)
        units[payee] = units.get(payee, 0) + part
        roles.setdefault(payee, set()).add(role)
    if picture.unclaimed:
        units[Payee(SUSPENSE, UNCLAIMED)] = picture.unclaimed
    lines = [_line(p, work, weight, allocation, u, tuple(sorted(roles.get(p, ())))) for p, u in units.items()]
    return lines, None


def _line(payee: Payee, work: WorkUsage, weight: int, allocation: Allocation, units: int, roles) -> ExactLine:
    return ExactLine(
        payee=payee,
        work=work.key,
        work_ref=work.ref,
        numerator=allocation.numerator(weight, units),
        roles=roles,
        share_units=units,
        weight=weight,
    )


def unidentified_line(allocation: Allocation) -> ExactLine:
    weight = allocation.unidentified_weight
    return ExactLine(
        payee=Payee(SUSPENSE, UNIDENTIFIED),
        work="",
        work_ref=None,
        numerator=allocation.numerator(weight, FULL),
        share_units=FULL,
        weight=weight,
    )


def exact_lines(
    works: Iterable[WorkUsage],
    shares_by_work: Mapping[Ref, list[Share]],
    allocation: Allocation,
    agreements: AgreementIndex,
    payees: PayeeResolver,
    territory: str,
) -> tuple[list[ExactLine], dict[str, str]]:
    """Exact lines of a batch of works (a chunk of a run) and the works sent to conflict, by work key."""
    lines: list[ExactLine] = []
    conflicts: dict[str, str] = {}
    seen: set[Ref] = set()
    for work in works:
        if work.ref in seen:
            continue
        seen.add(work.ref)
        found, conflict = work_lines(work, shares_by_work.get(work.ref, ()), allocation, agreements, payees, territory)
        lines.extend(found)
        if conflict:
            conflicts[work.key] = conflict
    return lines, conflicts
