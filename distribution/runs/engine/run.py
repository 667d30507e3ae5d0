"""A whole run in memory: steps 1–9 composed. Chunked runs call the same steps piece by piece."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .allocation import Allocation, allocate
from .deductions import Deductions, deduct
from .lines import exact_lines, unidentified_line
from .minimum import apply_minimum
from .model import (
    BROUGHT_FORWARD,
    CARRY_FORWARD,
    CONFLICT,
    MEMBER,
    SOCIETY,
    SUSPENSE,
    UNAFFILIATED,
    UNCLAIMED,
    UNIDENTIFIED,
    Agreement,
    Line,
    Membership,
    Party,
    Ref,
    RunParams,
    Share,
    WorkUsage,
)
from .payees import PayeeResolver
from .rounding import round_lines
from .shares import AgreementIndex

KINDS = (MEMBER, SOCIETY, SUSPENSE, CARRY_FORWARD, BROUGHT_FORWARD)
ACCOUNTS = (UNIDENTIFIED, UNCLAIMED, CONFLICT, UNAFFILIATED)
CONSERVED = (MEMBER, SOCIETY, SUSPENSE, CARRY_FORWARD)  # brought_forward is money of earlier runs


@dataclass(frozen=True)
class RunInput:
    params: RunParams
    works: tuple[WorkUsage, ...]
    unidentified: Mapping[str, int]  # usage key → weight
    shares: tuple[Share, ...]
    parties: Mapping[Ref, Party]
    memberships: tuple[Membership, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    balances: Mapping[Ref, int] = field(default_factory=dict)  # per party, in the run's currency


@dataclass(frozen=True)
class Summary:
    gross: int
    admin: int
    social: int
    net: int
    totals: dict[str, int]  # per payee kind
    suspense: dict[str, int]  # per suspense account
    conflicts: dict[str, str] = field(default_factory=dict)  # work key → why it needs correction

    @property
    def conserved(self) -> int:
        """A + S + Σ lines of kind member, society, suspense and carry_forward."""
        return self.admin + self.social + sum(self.totals[k] for k in CONSERVED)

    @property
    def balanced(self) -> bool:
        return self.conserved == self.gross


@dataclass(frozen=True)
class RunResult:
    summary: Summary
    lines: list[Line]
    balances: dict[Ref, int]  # new balance of every member of the run
    allocation: Allocation


def summarize(deductions: Deductions, lines: Iterable[tuple[str, str, int]], conflicts=None) -> Summary:
    """Summary from (kind, payee key, amount) triples — lines in memory or totals grouped in a database."""
    totals = dict.fromkeys(KINDS, 0)
    suspense = dict.fromkeys(ACCOUNTS, 0)
    for kind, payee, amount in lines:
        totals[kind] += amount
        if kind == SUSPENSE:
            suspense[payee] += amount
    d = deductions
    return Summary(d.gross, d.admin, d.social, d.net, totals, suspense, dict(conflicts or {}))


def calculate(run: RunInput) -> RunResult:
    params = run.params
    deductions = deduct(params.gross, params.admin, params.social)
    allocation = allocate(deductions.net, run.works, run.unidentified)
    shares_by_work: dict[Ref, list[Share]] = {}
    for share in run.shares:
        shares_by_work.setdefault(share.work, []).append(share)
    agreements = AgreementIndex(run.agreements, params)
    payees = PayeeResolver(run.parties, run.memberships, params)
    exact, conflicts = exact_lines(run.works, shares_by_work, allocation, agreements, payees, params.territory)
    if allocation.unidentified_weight:
        exact.append(unidentified_line(allocation))
    lines = round_lines(exact, deductions.net, allocation.denominator)
    lines, balances = apply_minimum(lines, run.balances, params.threshold)
    lines.sort(key=lambda line: line.sort_key)
    summary = summarize(deductions, ((x.kind, x.payee, x.amount) for x in lines), conflicts)
    return RunResult(summary=summary, lines=lines, balances=balances, allocation=allocation)
