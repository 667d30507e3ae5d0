"""Runs of other kinds, money given as pools instead of usage (adjustment, release, incoming), as kinds of the run
pipeline (distribution.runs.calculation).

Such a run is a DistributionRun marked by a RunOrigin: created as a draft with what it pays out of written down
(suspense draws, a statement's lines), then calculated by the pipeline like any run: its kind reads its pools back
(`pools_of`), weighs them (the unidentified account's split by key; the works' weights a release pays pro rata to)
and computes their lines in one chunk with distribution.runs.engine.pooled. It covers no usage report, so it is
not recalculated; it is approved (runs.approve) and paid like any run.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from distribution.runs import calculation, engine, feed, phases
from distribution.runs.engine import pooled
from distribution.runs.models import DistributionRun, RunOrigin, RunWeight
from distribution.runs.phases import ChunkLines, RunKind
from wipoconnect.core import jobs

INSERT_BATCH = 5_000


@dataclass(frozen=True)
class Pools:
    """What a pooled run pays, read back from what it pays out of."""

    on: date  # the day shares, memberships and agreements are taken on
    pools: list[pooled.Pool]
    claimants: Mapping[Hashable, tuple[int, str]] = field(default_factory=dict)  # pool ref → (party, role)
    unidentified: Mapping[str, int] = field(default_factory=dict)  # usage key → weight
    work_weights: Mapping[int, int] = field(default_factory=dict)  # kept per work, for a later release


@transaction.atomic
def create_run(
    *,
    name: str,
    kind: str,
    original: DistributionRun | None,
    currency: str,
    right: str,
    territory: str,
    gross: int,
    admin=Decimal(0),
    threshold: int = 0,
) -> DistributionRun:
    """A draft run of a pooled kind; write what it pays out of, then `calculate` it."""
    run = DistributionRun.objects.create(
        name=name,
        right_type=right,
        territory=territory,
        currency=currency,
        gross=gross,
        admin_percent=admin,
        social_percent=Decimal(0),
        threshold=threshold,
    )
    RunOrigin.objects.create(run=run, kind=kind, original=original)
    return run


def calculate(run: DistributionRun) -> DistributionRun:
    """Calculate the run in this process (its caller's transaction: it is written with what it pays out of)."""
    calculation.calculate_here(run.pk, jobs.create_job("distribution"))
    run.refresh_from_db()
    return run


def pool_input(run: DistributionRun, found: Pools) -> pooled.PoolInput:
    """Engine inputs for pools whose ref is a work id (its share picture) or, in `claimants`, a party and role that
    take the whole pool. Shares, parties, memberships and agreements are read in bulk."""
    params = engine.RunParams(
        gross=run.gross,
        admin=run.admin_percent,
        social=run.social_percent,
        right=run.right_type,
        territory=run.territory,
        society_code=settings.SOCIETY_CODE,
        on=found.on,
        threshold=run.threshold,
    )
    claimants = dict(found.claimants)
    work_ids = sorted({p.ref for p in found.pools if p.ref not in claimants})
    agreements = feed.agreements(params.right, params.on)
    extra = {party for party, _ in claimants.values()} | {a.acquirer for a in agreements}
    low, high = (work_ids[0], work_ids[-1]) if work_ids else (0, -1)
    shares: dict[Hashable, list[engine.Share]] = dict(feed.shares_of_works(low, high, params.right))
    for ref, (party, role) in claimants.items():
        shares[ref] = [engine.Share(ref, party, role or "CA", engine.BP)]
    return pooled.PoolInput(
        params=params,
        pools=tuple(found.pools),
        unidentified=dict(found.unidentified),
        shares=shares,
        parties=feed.parties_of_works(low, high, extra),
        memberships=tuple(feed.memberships_of_works(low, high, extra, params.right)),
        agreements=tuple(agreements),
    )


def pooled_kind(pools_of: Callable[[DistributionRun], Pools]) -> RunKind:
    """The pipeline's plug-ins for runs whose money comes as pools: one weigh chunk and one chunk of lines."""

    def weigh(run: DistributionRun, attempt: int, chunk: int, low: int, high: int) -> None:
        found = pools_of(run)
        row = dict(run=run, attempt=attempt, chunk=chunk)
        weights = [RunWeight(**row, key=k, weight=w) for k, w in found.unidentified.items()]
        weights += [RunWeight(**row, work_id=w, weight=x) for w, x in found.work_weights.items()]
        RunWeight.objects.bulk_create(weights, batch_size=INSERT_BATCH)

    def total_weight(run: DistributionRun, attempt: int) -> int:
        found = pools_of(run)
        return sum(p.weight for p in found.pools if p.weight > 0) + sum(found.unidentified.values())

    def lines(run: DistributionRun, attempt: int, low: int, high: int) -> ChunkLines:
        pool_in = pool_input(run, pools_of(run))
        net = engine.deduct(run.gross, run.admin_percent, run.social_percent).net
        weights: dict[Hashable, int] = {}
        for usage in pooled.usages(pool_in.pools):
            weights[usage.ref] = weights.get(usage.ref, 0) + usage.weight
        allocation = engine.Allocation(net=net, total_weight=run.total_weight, work_weights=weights)
        exact, conflicts = pooled.pool_lines(pool_in, allocation)
        return ChunkLines(exact, conflicts)

    return RunKind(
        check=check,
        inputs=lambda run, size: [(0, 0)],
        weigh=weigh,
        refs=lambda run, attempt, size: [(0, 0)] if any(p.weight for p in pools_of(run).pools) else [],
        total_weight=total_weight,
        ref="work_id",
        lines=lines,
        scale=lambda run, attempt: engine.FULL,
        summary=lambda run: {"original": run.origin.original_id},
    )


def check(run: DistributionRun) -> None:
    if run.attempt:
        raise phases.RunError(f"run {run.pk} covers no usage report: a {run.origin.kind} run is not recalculated")


def party_roles(work_party: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The role each party has on each work (first share), for pools paid to a claimant."""
    from works.models import WorkShare

    pairs = list(work_party)
    if not pairs:
        return {}
    rows = WorkShare.objects.filter(work_id__in={w for w, _ in pairs}, party_id__in={p for _, p in pairs})
    roles: dict[tuple[int, int], str] = {}
    for work, party, role in rows.order_by("id").values_list("work_id", "party_id", "role"):
        roles.setdefault((work, party), role)
    return roles
