"""Steps 7–9 for the whole run, in one transaction: the missing cents, the minimum payment, the payout lines.

The decisions are the engine's (largest remainders, decide_minimum, summarize); the database applies them
set-based: the lines that get a cent and the members carried forward go to temporary tables, and one
INSERT … SELECT joins them to the staging lines to write the payout lines.
"""

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from distribution.runs import engine, weighing
from distribution.runs.models import DistributionRun, PayoutLine, RunChunk, RunLine
from distribution.runs.phases import DONE, FINALIZE, RunError, Step, kind_of
from wipoconnect.core.bulk import temporary_ids
from wipoconnect.core.models import Job

Kind = PayoutLine.PayeeKind


def finalize(step: Step) -> None:
    with transaction.atomic():
        run = DistributionRun.objects.select_for_update(no_key=True).get(pk=step.run_id)
        if run.attempt != step.attempt or run.phase != FINALIZE:
            return
        kind = kind_of(run)
        deductions = engine.deduct(run.gross, run.admin_percent, run.social_percent)
        unidentified = weighing.unidentified_weights(run, run.attempt)
        _add_unidentified_line(run, deductions.net, sum(unidentified.values()), kind.scale(run, run.attempt))
        bonus, outcome, keys = _decide(run, deductions.net)
        _write_payout_lines(run, bonus, outcome, keys)
        summary = {**_summary(run, deductions, unidentified), **kind.summary(run)}
        if not summary["balanced"]:
            raise RunError(f"run {run.pk}: conservation fails: G={summary['G']} but A+S+lines={summary['conserved']}")
        _finish(run, deductions, summary)


def _add_unidentified_line(run: DistributionRun, net: int, weight: int, scale: int) -> None:
    """N·W_u/W, over the same denominator as the chunks' lines (W × the kind's scale)."""
    if not weight:
        return
    amount, remainder = divmod(net * weight * scale, run.total_weight * scale)
    RunLine.objects.create(
        run=run,
        attempt=run.attempt,
        chunk=0,
        payee_kind=Kind.SUSPENSE,
        payee=engine.UNIDENTIFIED,
        amount=amount,
        remainder=str(remainder),
        share=100,
        weight=weight,
    )


def _decide(run: DistributionRun, net: int):
    """Which staging lines get a missing cent, and which members are carried forward or paid a balance."""
    with connection.cursor() as cursor:  # ~300k rows: a plain cursor, not model rows
        cursor.execute(
            "SELECT id, payee_kind, payee, work_key, party_id, amount, remainder "
            f"FROM {connection.ops.quote_name(RunLine._meta.db_table)} WHERE run_id = %s AND attempt = %s",
            [run.pk, run.attempt],
        )
        rows = cursor.fetchall()
    missing = net - sum(r[5] for r in rows)
    bonus = set(engine.largest_remainders(((int(r[6]), r[2], r[3], r[0]) for r in rows), missing))
    totals: dict[int, int] = {}
    keys: dict[int, str] = {}
    for pk, kind, payee, _, party, amount, _ in rows:
        amount += pk in bonus
        if kind == Kind.MEMBER and amount:
            totals[party] = totals.get(party, 0) + amount
            keys[party] = payee
    outcome = engine.decide_minimum(totals, balances(run.currency, list(totals), exclude_run=run.pk), run.threshold)
    return bonus, outcome, keys


def balances(currency: str, parties: list[int], exclude_run: int | None = None) -> dict[int, int]:
    """Balances brought forward per party: carried forward minus brought forward over approved runs.

    Few parties ever have one, so all balances of the currency are summed in one query and then picked."""
    rows = (
        PayoutLine.objects.filter(
            run__status=DistributionRun.Status.APPROVED,
            run__currency=currency,
            payee_kind__in=(Kind.CARRY_FORWARD, Kind.BROUGHT_FORWARD),
        )
        .exclude(run_id=exclude_run)
        .values("party_id")
        .annotate(
            carried=Sum("amount", filter=Q(payee_kind=Kind.CARRY_FORWARD)),
            paid=Sum("amount", filter=Q(payee_kind=Kind.BROUGHT_FORWARD)),
        )
    )
    wanted = set(parties)
    found = {r["party_id"]: (r["carried"] or 0) - (r["paid"] or 0) for r in rows if r["party_id"] in wanted}
    return {party: balance for party, balance in found.items() if balance}


COLUMNS = (
    "run_id",
    "payee_kind",
    "payee",
    "party_id",
    "society_id",
    "work_id",
    "recording_id",
    "work_key",
    "amount",
    "roles",
    "share",
    "weight",
)


def _write_payout_lines(run: DistributionRun, bonus: set[int], outcome: engine.MinimumOutcome, keys) -> None:
    """Replace the run's payout lines: staging lines with their cent and kind, then the brought_forward lines."""
    PayoutLine.objects.filter(run=run).delete()
    q = connection.ops.quote_name
    values = {
        "payee_kind": f"CASE WHEN r.payee_kind = '{Kind.MEMBER}' AND c.id IS NOT NULL "
        f"THEN '{Kind.CARRY_FORWARD}' ELSE r.payee_kind END",
        "amount": "r.amount + CASE WHEN b.id IS NULL THEN 0 ELSE 1 END",
    }
    select = ", ".join(values.get(c, f"r.{c}") for c in COLUMNS)
    with (
        connection.cursor() as cursor,
        temporary_ids(cursor, "payout_bonus", bonus),
        temporary_ids(cursor, "payout_carried", outcome.carried),
    ):
        cursor.execute(
            f"INSERT INTO {q(PayoutLine._meta.db_table)} ({', '.join(COLUMNS)}) SELECT {select} "
            f"FROM {q(RunLine._meta.db_table)} r LEFT JOIN payout_bonus b ON b.id = r.id "
            "LEFT JOIN payout_carried c ON c.id = r.party_id "
            "WHERE r.run_id = %s AND r.attempt = %s AND (r.amount > 0 OR b.id IS NOT NULL)",
            [run.pk, run.attempt],
        )
    PayoutLine.objects.bulk_create(
        PayoutLine(run=run, payee_kind=Kind.BROUGHT_FORWARD, payee=keys[party], party_id=party, amount=amount)
        for party, amount in outcome.brought_forward.items()
    )


def _summary(run: DistributionRun, deductions: engine.Deductions, unidentified: dict[str, int]) -> dict:
    lines = PayoutLine.objects.filter(run=run)
    by_kind = lines.exclude(payee_kind=Kind.SUSPENSE).values_list("payee_kind").annotate(total=Sum("amount"))
    suspense = lines.filter(payee_kind=Kind.SUSPENSE).values_list("payee").annotate(total=Sum("amount"))
    triples = [(kind, "", total) for kind, total in by_kind] + [(Kind.SUSPENSE, p, t) for p, t in suspense]
    conflicts: dict[str, str] = {}
    for found in RunChunk.objects.filter(run=run, attempt=run.attempt).values_list("conflicts", flat=True):
        conflicts.update(found or {})
    s = engine.summarize(deductions, triples, conflicts)
    return {
        "G": s.gross,
        "A": s.admin,
        "S": s.social,
        "N": s.net,
        "totals": s.totals,
        "suspense": s.suspense,
        "conserved": s.conserved,
        "balanced": s.balanced,
        "conflicts": dict(sorted(s.conflicts.items())),
        "total_weight": run.total_weight,
        "unidentified_weight": sum(unidentified.values()),
        "unidentified_keys": len(unidentified),
    }


def _finish(run: DistributionRun, deductions: engine.Deductions, summary: dict) -> None:
    run.admin_amount, run.social_amount, run.net_amount = deductions.admin, deductions.social, deductions.net
    run.summary, run.phase, run.status = summary, DONE, DistributionRun.Status.CALCULATED
    run.calculated_at = timezone.now()
    run.save()
    Job.objects.filter(pk=run.job_id).update(
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        done=RunChunk.objects.filter(run=run).count() + 1,
        result={"run": run.pk, **{k: summary[k] for k in ("G", "A", "S", "N", "balanced")}},
    )
