"""Runs of other kinds in the database: engine inputs for their pools (in bulk) and the run they are written as.

Such a run is a DistributionRun marked by a RunOrigin (adjustment, release, incoming): calculated once by
distribution.runs.engine.pooled from what it pays out of, then approved (runs.approve) and paid like any run.
It covers no usage report, so the usage calculation (run_distribution --run) refuses to recalculate it.
"""

from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from distribution.models import DistributionRun, PayoutLine, RunOrigin
from distribution.runs import engine, feed, settlement
from distribution.runs.calculation import DONE
from distribution.runs.engine import pooled
from distribution.runs.models import RunWeight
from rightowners.models import Society

INSERT_BATCH = 5_000


def params(
    *, right: str, territory: str, on: date, gross: int, admin=Decimal(0), social=Decimal(0), threshold: int = 0
) -> engine.RunParams:
    return engine.RunParams(
        gross=gross, admin=Decimal(admin), social=Decimal(social), right=right, territory=territory,
        society_code=settings.SOCIETY_CODE, on=on, threshold=threshold,
    )  # fmt: skip


def pool_input(
    run_params: engine.RunParams,
    pools: list[pooled.Pool],
    *,
    unidentified: Mapping[str, int] | None = None,
    claimants: Mapping[Hashable, tuple[int, str]] | None = None,
    currency: str,
) -> pooled.PoolInput:
    """Engine inputs for pools whose ref is a work id (its share picture) or, in `claimants`, a party and role that
    take the whole pool. Shares, parties, memberships and agreements are read in bulk."""
    claimants = dict(claimants or {})
    work_ids = sorted({p.ref for p in pools if p.ref not in claimants})
    extra = {party for party, _ in claimants.values()}
    agreements = feed.agreements(run_params.right, run_params.on)
    extra |= {a.acquirer for a in agreements}
    low, high = (work_ids[0], work_ids[-1]) if work_ids else (0, -1)
    shares: dict[Hashable, list[engine.Share]] = {
        w: s for w, s in feed.shares_of_works(low, high, run_params.right).items()
    }
    for ref, (party, role) in claimants.items():
        shares[ref] = [engine.Share(ref, party, role or "CA", engine.BP)]
    parties = feed.parties_of_works(low, high, extra)
    memberships = feed.memberships_of_works(low, high, extra, run_params.right)
    balances = settlement.balances(currency, list(parties))
    return pooled.PoolInput(
        params=run_params, pools=tuple(pools), unidentified=dict(unidentified or {}), shares=shares,
        parties=parties, memberships=tuple(memberships), agreements=tuple(agreements), balances=balances,
    )  # fmt: skip


def write_run(
    *,
    name: str,
    kind: str,
    original: DistributionRun | None,
    currency: str,
    pool_in: pooled.PoolInput,
    result: engine.RunResult,
    unidentified: Mapping[str, int] | None = None,
    work_weights: Mapping[int, int] | None = None,
) -> DistributionRun:
    """The calculated run (status calculated, lines written, summary as a usage run's) and its origin."""
    p, s = pool_in.params, result.summary
    if not s.balanced:
        raise engine.EngineError(f"{kind} run: conservation fails: G={s.gross} but A+S+lines={s.conserved}")
    run = DistributionRun.objects.create(
        name=name, right_type=p.right, territory=p.territory, currency=currency, gross=p.gross,
        admin_percent=p.admin, social_percent=p.social, threshold=p.threshold, status=DistributionRun.Status.CALCULATED,
        admin_amount=s.admin, social_amount=s.social, net_amount=s.net, calculated_at=timezone.now(),
        total_weight=result.allocation.total_weight, attempt=1, phase=DONE,
    )  # fmt: skip
    RunOrigin.objects.create(run=run, kind=kind, original=original)
    _write_lines(run, result.lines)
    # Weights are kept like a usage run's: per usage key (claims on its unidentified account), per work (release).
    keys = dict(unidentified or {})
    weights = [RunWeight(run=run, attempt=1, chunk=0, key=k, weight=w) for k, w in keys.items()]
    weights += [RunWeight(run=run, attempt=1, chunk=0, work_id=w, weight=x) for w, x in (work_weights or {}).items()]
    RunWeight.objects.bulk_create(weights, batch_size=INSERT_BATCH)
    run.summary = summary(result, keys, original)
    run.save(update_fields=["summary"])
    return run


def _write_lines(run: DistributionRun, lines: list[engine.Line]) -> None:
    societies = dict(Society.objects.values_list("code", "id"))
    missing = {x.society for x in lines if x.society and x.society not in societies}
    if missing:
        raise engine.EngineError(f"societies {', '.join(sorted(missing))}: not in the societies table")
    PayoutLine.objects.bulk_create(
        (
            PayoutLine(
                run=run,
                payee_kind=x.kind,
                payee=x.payee,
                party_id=x.party,
                society_id=societies.get(x.society),
                work_id=x.work_ref,
                work_key=x.work,
                amount=x.amount,
                roles=",".join(x.roles),
                share=Decimal(x.share_units).scaleb(-6) if x.share_units else None,
                weight=x.weight,
            )  # fmt: skip
            for x in lines
            if x.amount
        ),
        batch_size=INSERT_BATCH,
    )


def summary(result: engine.RunResult, unidentified: Mapping[str, int], original: DistributionRun | None) -> dict:
    s = result.summary
    return {
        "G": s.gross, "A": s.admin, "S": s.social, "N": s.net,
        "totals": s.totals, "suspense": s.suspense, "conserved": s.conserved, "balanced": s.balanced,
        "conflicts": dict(sorted(s.conflicts.items())),
        "total_weight": result.allocation.total_weight, "unidentified_weight": sum(unidentified.values()),
        "unidentified_keys": len(unidentified), "original": original.pk if original else None,
    }  # fmt: skip


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
