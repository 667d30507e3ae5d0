"""Runs of other kinds through the engine's own steps: money given as pools instead of usage. No Django imports.

An adjustment run pays claimed suspense, a release run pays what is left of it, an incoming run pays a sister
society's statement. Each pool's weight is the money it holds (in minor units, or any exact unit), so with
`gross = Σ weights` and no deduction a pool gets exactly its amount; then the same share pictures, agreements,
payees, rounding and minimum payment as a usage run (distribution-rules.md steps 4–9). Lines of one payee in
one work that come from several pools are added before rounding (step 7).
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from distribution.runs import engine
from distribution.runs.engine import ExactLine, RunParams, Share


@dataclass(frozen=True, slots=True)
class Pool:
    """Money to pay through one share picture: `shares_by_ref[ref]` (a work's, or one set up for a claimant)."""

    ref: Hashable
    key: str  # work key written on the lines ("" when the work is not known)
    weight: int
    work: Hashable | None = None  # the work written on the lines


@dataclass(frozen=True)
class PoolInput:
    params: RunParams
    pools: tuple[Pool, ...]
    unidentified: Mapping[str, int]  # usage key → weight, paid to the unidentified account
    shares: Mapping[Hashable, list[Share]]  # by pool ref
    parties: Mapping[Hashable, engine.Party]
    memberships: tuple[engine.Membership, ...] = ()
    agreements: tuple[engine.Agreement, ...] = ()
    balances: Mapping[Hashable, int] = field(default_factory=dict)


def calculate(run: PoolInput) -> engine.RunResult:
    params = run.params
    deductions = engine.deduct(params.gross, params.admin, params.social)
    allocation = engine.allocate(deductions.net, usages(run.pools), run.unidentified)
    merged, conflicts = pool_lines(run, allocation)
    if allocation.unidentified_weight:
        merged.append(engine.unidentified_line(allocation))
    lines = engine.round_lines(merged, deductions.net, allocation.denominator)
    lines, balances = engine.apply_minimum(lines, run.balances, params.threshold)
    lines.sort(key=lambda line: line.sort_key)
    summary = engine.summarize(deductions, ((x.kind, x.payee, x.amount) for x in lines), conflicts)
    return engine.RunResult(summary=summary, lines=lines, balances=balances, allocation=allocation)


def usages(pools: Iterable[Pool]) -> list[engine.WorkUsage]:
    """The pools that hold money, as the engine's works (a pool's ref is what its share picture is found by)."""
    return [engine.WorkUsage(p.ref, p.key, p.weight) for p in pools if p.weight]


def pool_lines(run: PoolInput, allocation: engine.Allocation) -> tuple[list[ExactLine], dict[str, str]]:
    """Exact lines of the pools (steps 4–7 before rounding), one per payee and work, and the works in conflict."""
    params = run.params
    agreements = engine.AgreementIndex(run.agreements, params)
    payees = engine.PayeeResolver(run.parties, run.memberships, params)
    exact, conflicts = engine.exact_lines(
        usages(run.pools), run.shares, allocation, agreements, payees, params.territory
    )
    return merge(exact, {p.ref: p.work for p in run.pools}), conflicts


def merge(exact: Iterable[ExactLine], works: Mapping[Hashable, Hashable]) -> list[ExactLine]:
    """One exact line per (payee, work key): pools of the same work (or claimant) are added before rounding."""
    merged: dict[tuple, ExactLine] = {}
    for line in exact:
        key = (line.payee, line.work)
        work = works.get(line.work_ref)
        found = merged.get(key)
        if found is None:  # most lines: one pool per (payee, work), nothing to add
            merged[key] = line if work == line.work_ref else replace(line, work_ref=work)
            continue
        merged[key] = replace(
            found,
            numerator=found.numerator + line.numerator,
            roles=tuple(sorted(set(found.roles) | set(line.roles))),
            weight=found.weight + line.weight,
        )
    return list(merged.values())


def telescoped(total: int, drawn_weight: int, weight: int, account_weight: int) -> int:
    """Part of an account of `total` minor units for `weight` of its `account_weight`, after `drawn_weight` was
    drawn already: cumulative floors, so draws never exceed the account and all of them together empty it."""
    if account_weight <= 0 or drawn_weight + weight > account_weight:
        raise engine.EngineError(f"draw of weight {weight} after {drawn_weight}: the account weighs {account_weight}")
    return (total * (drawn_weight + weight)) // account_weight - (total * drawn_weight) // account_weight
