"""Business actions on distribution runs: create, calculate (in Celery tasks), approve. The only writers."""

import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from distribution.runs import calculation, engine
from distribution.runs.models import DistributionRun
from distribution.runs.phases import DONE, RunError
from distribution.usage.models import UsageReport
from wipoconnect.celery import app as celery_app
from wipoconnect.core import audit, jobs, money
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.errors import DomainError
from wipoconnect.core.models import AuditEntry, Job
from wipoconnect.core.territories import TerritoryError, countries


@transaction.atomic
def create_run(
    *,
    name: str,
    report_ids: list[int],
    right: str,
    territory: str,
    gross: str | Decimal,
    currency: str,
    admin: str | Decimal,
    social: str | Decimal,
    weighting: str = "plays",
    threshold: str | Decimal = "0",
    user=None,
) -> DistributionRun:
    """A draft run; amounts in currency units (no more decimals than the currency has), percentages with at most
    2 decimals."""
    reports = _reports(report_ids, right)
    if weighting not in DistributionRun.Weighting.values:
        raise RunError(f"weighting {weighting!r}: use plays or duration")
    admin_pct, social_pct = engine.parse_percent(admin, "--admin"), engine.parse_percent(social, "--social")
    gross_minor = money.parse_minor(gross, currency, "--gross")
    engine.deduct(gross_minor, admin_pct, social_pct)
    try:
        countries(territory)
    except TerritoryError as exc:
        raise RunError(str(exc)) from exc
    run = DistributionRun.objects.create(
        name=name,
        right_type=right,
        territory=territory,
        currency=currency.upper(),
        gross=gross_minor,
        admin_percent=admin_pct,
        social_percent=social_pct,
        weighting=weighting,
        threshold=money.parse_minor(threshold, currency, "--threshold"),
    )
    run.reports.set(reports)
    audit.record(action=AuditEntry.Action.CREATE, instance=run, user=user, after=audit.snapshot(run))
    return run


def _reports(report_ids: list[int], right: str) -> list[UsageReport]:
    if right not in RIGHTS:
        raise RunError(f"right {right!r}: use one of {', '.join(sorted(RIGHTS))}")
    reports = list(UsageReport.objects.filter(pk__in=report_ids))
    missing = sorted(set(report_ids) - {r.pk for r in reports})
    if missing or not reports:
        raise RunError(f"usage report(s) {', '.join(map(str, missing)) or '-'} not found")
    for report in reports:
        if report.right_type != right:
            raise RunError(f"usage report {report.pk} is {report.right_type}, the run distributes {right}")
    return reports


def calculate(run: DistributionRun, *, user=None, queue: str = "") -> Job:
    """Start calculating (or recalculating) a draft or calculated run in Celery tasks; returns its job."""
    from distribution.runs.tasks import dispatch

    job = jobs.create_job("distribution", user=user)
    try:
        steps = calculation.begin(run.pk, job, queue)
    except DomainError as exc:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    if celery_app.conf.task_always_eager:
        dispatch(steps, queue)  # in this process and transaction
    else:  # workers must see the planned chunks: send once the caller's transaction (if any) has committed
        transaction.on_commit(lambda: dispatch(steps, queue))
    job.refresh_from_db()
    return job


def wait(job: Job, timeout: float | None = None, poll: float = 0.5) -> Job:
    """Block until the job has finished (commands return only when their work is done)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    job.refresh_from_db()
    while job.status in (Job.Status.QUEUED, Job.Status.RUNNING):
        if deadline is not None and time.monotonic() > deadline:
            raise RunError(f"job {job.pk} still {job.status} after {timeout} s")
        time.sleep(poll)
        job.refresh_from_db()
    return job


@transaction.atomic
def approve(run_id: int, *, user=None) -> DistributionRun:
    """Approve a calculated run; approved runs are immutable."""
    run = DistributionRun.objects.select_for_update().get(pk=run_id)
    if run.status == DistributionRun.Status.APPROVED:
        raise RunError(f"run {run.pk} is already approved")
    if run.status != DistributionRun.Status.CALCULATED or run.phase != DONE:
        state = f"{run.status} ({run.phase or 'not started'})"
        raise RunError(f"run {run.pk} is {state}: only a calculated run can be approved")
    later = (
        DistributionRun.objects.filter(currency=run.currency, status=DistributionRun.Status.APPROVED)
        .filter(approved_at__gt=run.calculated_at)
        .exclude(pk=run.pk)
        .first()
    )
    if later:
        raise RunError(
            f"run {later.pk} was approved after run {run.pk} was calculated: recalculate run {run.pk} "
            "(the balances it carried forward have changed)"
        )
    before = audit.snapshot(run, ["status"])
    run.status, run.approved_at, run.approved_by = DistributionRun.Status.APPROVED, timezone.now(), _user(user)
    run.save(update_fields=["status", "approved_at", "approved_by"])
    audit.record(action=AuditEntry.Action.UPDATE, instance=run, user=user, before=before, after={"status": run.status})
    return run


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None
