"""Claims on suspense, adjustment runs that pay accepted claims, release runs after the claims period.

The only writers of claims and draws. A run's suspense account holds its suspense lines minus what adjustment
and release runs drew from it (SuspenseDraw); a draw is recorded once per usage key or work (unique), so nothing
is paid out of suspense twice. Unidentified money is drawn per usage key by cumulative floors of the account's
amount over its weights (pooled.telescoped): every claim gets its exact share up to a cent, and all claims together
take exactly the account.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from distribution.runs import engine, feed, weighing
from distribution.runs import pooled as pool_runs
from distribution.runs.engine import pooled
from distribution.runs.models import Account, Claim, DistributionRun, PayoutLine, RunOrigin, RunWeight, SuspenseDraw
from distribution.runs.phases import RunError
from distribution.usage.models import KeyDecision, Match
from wipoconnect.core import audit
from wipoconnect.core.models import AuditEntry
from works.models import Work

RELEASED = "*"  # item of the draw that released what was left of an account
Status = Claim.Status


def suspense_lines(run: DistributionRun, account: str) -> dict[str, int]:
    """The run's suspense lines of an account by work key ("" for unidentified)."""
    rows = PayoutLine.objects.filter(run=run, payee_kind=PayoutLine.PayeeKind.SUSPENSE, payee=account)
    return dict(rows.values_list("work_key").annotate(total=Sum("amount")).values_list("work_key", "total"))


def drawn(run: DistributionRun, account: str) -> dict[str, tuple[int, int]]:
    """What was drawn from a run's account: item → (weight, amount)."""
    rows = SuspenseDraw.objects.filter(original=run, account=account).values_list("item", "weight", "amount")
    return {item: (weight, amount) for item, weight, amount in rows}


def balance(run: DistributionRun) -> dict[str, int]:
    """What each suspense account of a run still holds (its lines minus draws of adjustment and release runs)."""
    lines = PayoutLine.objects.filter(run=run, payee_kind=PayoutLine.PayeeKind.SUSPENSE)
    totals = dict(lines.values_list("payee").annotate(total=Sum("amount")).values_list("payee", "total"))
    draws = SuspenseDraw.objects.filter(original=run).values_list("account").annotate(total=Sum("amount"))
    for account, total in draws:
        totals[account] = totals.get(account, 0) - total
    return {account: totals.get(account, 0) for account in engine.ACCOUNTS}


def unidentified_weights(run: DistributionRun) -> dict[str, int]:
    return weighing.unidentified_weights(run, run.attempt)


# Filing and reviewing claims.


@transaction.atomic
def file_claim(
    *, run_id: int, account: str, work_id: int, key: str = "", claimant_id=None, role="", evidence="", user=None
) -> Claim:
    """A claim on an approved run's suspense: a usage key of its unidentified account, or a work's unclaimed or
    conflict line. An unclaimed share is paid to the claimant, who must be named."""
    run = DistributionRun.objects.get(pk=run_id)
    if run.status != DistributionRun.Status.APPROVED:
        raise ValidationError({"run": f"run {run.pk} is {run.status}: claims are made on approved runs"})
    work = Work.objects.filter(pk=work_id).first()
    if work is None:
        raise ValidationError({"work": f"no work with id {work_id}"})
    item = _item(run, account, work, key, claimant_id)
    taken = drawn(run, account)
    if RELEASED in taken or item in taken:
        raise ValidationError(
            {"item": f"run {run.pk} {account} {item}: already paid out of suspense (released or claimed)"}
        )
    paid = Claim.objects.filter(run=run, account=account, item=item, status__in=(Status.ACCEPTED, Status.PAID))
    if paid.exists():
        raise ValidationError({"item": f"run {run.pk} {account} {item}: already accepted (claim {paid[0].pk})"})
    claim = Claim.objects.create(
        run=run,
        account=account,
        item=item,
        work=work,
        claimant_id=claimant_id,
        role=role,
        evidence=evidence,
        created_by=_user(user),
    )
    audit.record(action=AuditEntry.Action.CREATE, instance=claim, user=user, after=audit.snapshot(claim))
    return claim


def _item(run: DistributionRun, account: str, work: Work, key: str, claimant_id) -> str:
    if account == Account.UNIDENTIFIED:
        if key not in unidentified_weights(run):
            raise ValidationError({"key": f"run {run.pk}: no unidentified usage with key {key!r}"})
        return key
    if account not in (Account.UNCLAIMED, Account.CONFLICT):
        raise ValidationError({"account": f"{account!r}: claim on unidentified, unclaimed or conflict"})
    if not suspense_lines(run, account).get(work.key):
        raise ValidationError({"work": f"run {run.pk}: work {work.key} has no {account} line"})
    if account == Account.UNCLAIMED and not claimant_id:
        raise ValidationError({"claimant": "an unclaimed share is paid to its claimant: name the claimant"})
    return work.key


def competing(claim: Claim):
    """The other claims on the same suspense item (staff compare evidence before accepting one)."""
    return Claim.objects.filter(run_id=claim.run_id, account=claim.account, item=claim.item).exclude(pk=claim.pk)


@transaction.atomic
def accept_claim(*, claim_id: int, note: str = "", user=None) -> Claim:
    """Accept a claim (competing ones are rejected); an unidentified key's work is remembered for later reports."""
    claim = Claim.objects.select_for_update().select_related("run", "work").get(pk=claim_id)
    if claim.status != Status.SUBMITTED:
        raise ValidationError({"status": f"claim {claim.pk} is {claim.status}: only a submitted claim is accepted"})
    _decide(claim, Status.ACCEPTED, note, user)
    rejected = f"claim {claim.pk} accepted for the same item"
    for other in competing(claim).filter(status=Status.SUBMITTED).select_for_update():
        _decide(other, Status.REJECTED, rejected, user)
    if claim.account == Account.UNIDENTIFIED:
        remember(claim.run, claim.item, claim.work, user)
    return claim


@transaction.atomic
def reject_claim(*, claim_id: int, note: str, user=None) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    if claim.status != Status.SUBMITTED:
        raise ValidationError({"status": f"claim {claim.pk} is {claim.status}: only a submitted claim is rejected"})
    if not note.strip():
        raise ValidationError({"note": "say why the claim is rejected"})
    return _decide(claim, Status.REJECTED, note, user)


def _decide(claim: Claim, status: str, note: str, user) -> Claim:
    before = audit.snapshot(claim, ["status", "note"])
    claim.status, claim.note, claim.decided_by, claim.decided_at = status, note[:300], _user(user), timezone.now()
    claim.save(update_fields=["status", "note", "decided_by", "decided_at"])
    after = audit.snapshot(claim, ["status", "note"])
    audit.record(action=AuditEntry.Action.UPDATE, instance=claim, user=user, before=before, after=after)
    return claim


def remember(run: DistributionRun, key: str, work: Work, user=None) -> None:
    """The identification decision for the key, through the review queue's own action (so later reports reuse it);
    keys of no report (a sister society's statement) are remembered directly."""
    from distribution.usage.identification import accept_candidate

    matches = list(Match.objects.filter(report__in=run.reports.all(), key=key).values_list("pk", flat=True))
    for match_id in matches:
        accept_candidate(match_id=match_id, work_id=work.pk, user=user)
    if not matches:
        KeyDecision.objects.update_or_create(
            key=key, defaults={"work": work, "status": KeyDecision.Status.CONFIRMED, "decided_by": _user(user)}
        )


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


# Adjustment runs: accepted claims paid out of the original run's suspense.


@transaction.atomic
def run_adjustment(*, run_id: int, user=None) -> DistributionRun:
    """One adjustment run paying every accepted, unpaid claim on the run, with the same rules as the run."""
    original = DistributionRun.objects.select_for_update().get(pk=run_id)  # serializes draws on this run
    claims = list(
        Claim.objects.filter(run=original, status=Status.ACCEPTED, adjustment__isnull=True)
        .select_related("work")
        .order_by("account", "item", "id")
    )
    if not claims:
        raise RunError(f"run {original.pk}: no accepted claim to pay")
    draws = _claim_draws(original, claims)
    run = _new_run(original, RunOrigin.Kind.ADJUSTMENT, sum(a for _, a in draws))
    SuspenseDraw.objects.bulk_create(
        SuspenseDraw(run=run, original=original, account=c.account, item=c.item, weight=w, amount=a, claim=c)
        for c, (w, a) in zip(claims, draws, strict=True)
    )
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status=Status.PAID, adjustment=run)
    return pool_runs.calculate(run)


def _claim_draws(original: DistributionRun, claims: list[Claim]) -> list[tuple[int, int]]:
    """(weight, amount) drawn for each claim, in order."""
    found: list[tuple[int, int]] = []
    weights = unidentified_weights(original)
    account_weight = sum(weights.values())
    total = suspense_lines(original, Account.UNIDENTIFIED).get("", 0)
    done = drawn(original, Account.UNIDENTIFIED)
    if done.get(RELEASED):
        raise RunError(f"run {original.pk}: its unidentified suspense was released")
    drawn_weight = sum(w for w, _ in done.values())
    lines = {a: suspense_lines(original, a) for a in (Account.UNCLAIMED, Account.CONFLICT)}
    for claim in claims:
        if claim.account == Account.UNIDENTIFIED:
            weight = weights[claim.item]
            found.append((weight, pooled.telescoped(total, drawn_weight, weight, account_weight)))
            drawn_weight += weight
        else:
            found.append((0, lines[claim.account].get(claim.item, 0)))
    return found


def adjustment_pools(run: DistributionRun) -> pool_runs.Pools:
    """An adjustment's pools, from its draws: unidentified and conflict money goes through the work's (corrected)
    share picture; an unclaimed share to its claimant."""
    draws = list(
        SuspenseDraw.objects.filter(run=run).select_related("claim__work").order_by("account", "item", "claim_id")
    )
    claims = [d.claim for d in draws]
    roles = pool_runs.party_roles((c.work_id, c.claimant_id) for c in claims if c.account == Account.UNCLAIMED)
    amounts: dict = {}
    claimants: dict = {}
    for claim, draw in zip(claims, draws, strict=True):
        ref = claim.work_id
        if claim.account == Account.UNCLAIMED:
            ref = ("claim", claim.pk)
            claimants[ref] = (claim.claimant_id, claim.role or roles.get((claim.work_id, claim.claimant_id), ""))
        pool = (ref, claim.work.key, claim.work_id)
        amounts[pool] = amounts.get(pool, 0) + draw.amount
    pools = [pooled.Pool(ref, key, amount, work) for (ref, key, work), amount in amounts.items()]
    return pool_runs.Pools(on=run_day(run.origin.original), pools=pools, claimants=claimants)


def _new_run(original: DistributionRun, kind: str, gross: int) -> DistributionRun:
    """The draft adjustment or release run paying `gross` out of the original's suspense."""
    if not gross:
        raise RunError(f"run {original.pk}: the {kind} would pay 0 (the suspense drawn rounds to nothing)")
    number = RunOrigin.objects.filter(original=original, kind=kind).count() + 1
    return pool_runs.create_run(
        name=f"{kind} {number} of {original.name}"[:120],
        kind=kind,
        original=original,
        currency=original.currency,
        right=original.right_type,
        territory=original.territory,
        gross=gross,
        threshold=original.threshold,
    )


def run_day(run: DistributionRun):
    """The day shares, memberships and agreements are taken on: the last day of the run's period (an adjustment
    takes its original's; an incoming run its statement's)."""
    try:
        return feed.period_of(run)[1]
    except engine.EngineError:
        origin = getattr(run, "origin", None)
        if origin is not None and origin.original_id:
            return run_day(origin.original)
        statement = getattr(run, "incoming_statement", None)
        if statement is not None and statement.period_end:
            return statement.period_end
        return (run.calculated_at or run.created_at).date()


# Release runs: what is left of the suspense after the claims period, pro rata to the run's identified works.


@transaction.atomic
def release_suspense(*, run_id: int, user=None, now=None) -> DistributionRun:
    original = DistributionRun.objects.select_for_update().get(pk=run_id)
    _check_releasable(original, now or timezone.now())
    draws = _release_draws(original)
    if not _work_weights(original):
        raise RunError(f"run {original.pk}: no identified work to release its suspense to")
    run = _new_run(original, RunOrigin.Kind.RELEASE, sum(d.amount for d in draws))
    for draw in draws:
        draw.run = run
    SuspenseDraw.objects.bulk_create(draws)
    return pool_runs.calculate(run)


def _work_weights(run: DistributionRun) -> dict[int, int]:
    return dict(
        RunWeight.objects.filter(run=run, attempt=run.attempt, work__isnull=False)
        .values_list("work_id")
        .annotate(total=Sum("weight"))
        .values_list("work_id", "total")
    )


def release_pools(run: DistributionRun) -> pool_runs.Pools:
    """A release's pools: the original's identified works by weight, scaled to money by the engine (with gross =
    what is left, work w gets gross·W_w/ΣW exactly)."""
    original = run.origin.original
    weights = _work_weights(original)
    keys = dict(Work.objects.filter(pk__in=weights).values_list("pk", "code"))
    iswcs = dict(Work.objects.filter(pk__in=weights, iswc__isnull=False).values_list("pk", "iswc"))
    pools = [pooled.Pool(w, iswcs.get(w) or keys[w], weight, w) for w, weight in sorted(weights.items())]
    return pool_runs.Pools(on=run_day(original), pools=pools)


ADJUSTMENT = pool_runs.pooled_kind(adjustment_pools)
RELEASE = pool_runs.pooled_kind(release_pools)


def _check_releasable(original: DistributionRun, now) -> None:
    if original.status != DistributionRun.Status.APPROVED:
        raise RunError(f"run {original.pk} is {original.status}: only an approved run's suspense is released")
    due = original.approved_at + timedelta(days=settings.CLAIMS_PERIOD_DAYS)
    if now < due:
        raise RunError(f"run {original.pk}: its claims period ends on {due.date()}")
    if Claim.objects.filter(run=original, status=Status.ACCEPTED, adjustment__isnull=True).exists():
        raise RunError(f"run {original.pk} has accepted claims not paid yet: run_adjustment {original.pk} first")


def _release_draws(original: DistributionRun) -> list[SuspenseDraw]:
    """What is left of the unidentified account (one draw) and of each work's unclaimed line."""
    draws = []
    done = drawn(original, Account.UNIDENTIFIED)
    left = suspense_lines(original, Account.UNIDENTIFIED).get("", 0) - sum(a for _, a in done.values())
    if left and RELEASED not in done:
        draws.append(SuspenseDraw(original=original, account=Account.UNIDENTIFIED, item=RELEASED, amount=left))
    taken = drawn(original, Account.UNCLAIMED)
    for work_key, amount in sorted(suspense_lines(original, Account.UNCLAIMED).items()):
        if work_key not in taken:
            draws.append(SuspenseDraw(original=original, account=Account.UNCLAIMED, item=work_key, amount=amount))
    if not draws:
        raise RunError(f"run {original.pk}: no unidentified or unclaimed suspense left to release")
    return draws
