"""Celery tasks of distribution runs: thin wrappers that take ids and call the calculation steps.

A step that fails marks the run's job failed (the worker stays up). When a worker starts, it resumes the
calculations that were interrupted (a worker killed mid-run): steps are idempotent, so nothing is lost or
counted twice even if a step runs again.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError, connections

from distribution.runs import calculation, phases, related
from distribution.runs.models import DistributionRun
from distribution.runs.phases import Step
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

log = logging.getLogger(__name__)


def dispatch(steps: list[Step], queue: str = "") -> None:
    for step in steps:
        TASKS[step.phase].apply_async(args=[step.run_id, step.attempt, step.index], queue=queue or None)


def _execute(task, step: Step) -> None:
    queue = (task.request.delivery_info or {}).get("routing_key") or ""
    try:
        following = calculation.execute(step)
    except Exception as exc:  # recorded on the job; retrying would fail the same way
        log.exception("distribution run %s step %s failed", step.run_id, step)
        calculation.fail(step, exc)
        return
    dispatch(following, queue)


@shared_task(bind=True)
def weigh_task(self, run_id: int, attempt: int, index: int) -> None:
    _execute(self, Step(phases.WEIGH, run_id, attempt, index))


@shared_task(bind=True)
def allocate_task(self, run_id: int, attempt: int, index: int) -> None:
    _execute(self, Step(phases.ALLOCATE, run_id, attempt, index))


@shared_task(bind=True)
def finalize_task(self, run_id: int, attempt: int, index: int = 0) -> None:
    _execute(self, Step(phases.FINALIZE, run_id, attempt))
    cleanup_task.apply_async(args=[run_id, attempt], queue=(self.request.delivery_info or {}).get("routing_key"))


@shared_task
def cleanup_task(run_id: int, attempt: int) -> None:
    calculation.drop_staging_lines(run_id, attempt)


TASKS = {phases.WEIGH: weigh_task, phases.ALLOCATE: allocate_task, phases.FINALIZE: finalize_task}


@worker_ready.connect
def resume_interrupted_runs(sender=None, **kwargs) -> None:
    from distribution.runs.models import DistributionRun

    try:
        running = DistributionRun.objects.filter(
            phase__in=[phases.WEIGH, phases.ALLOCATE, phases.FINALIZE], job__status="running"
        ).values_list("pk", "queue")
        for run_id, queue in running:
            dispatch(calculation.pending(run_id), queue)
    except DatabaseError:
        log.exception("could not look for interrupted distribution runs")
    finally:
        connections.close_all()  # never hand a connection opened here to forked pool processes


RELATED_RUN_JOB = "related_run"


# The parameters of run_related_distribution a job carries (amounts and percentages as text, exactly as typed).
RUN_PARAMETERS = (
    "name",
    "report_ids",
    "gross",
    "currency",
    "admin",
    "social",
    "territory",
    "weighting",
    "threshold",
    "producers",
    "featured_weight",
    "non_featured_weight",
)


def run_related(job_id: int, parameters: dict) -> Job:
    """Calculate the run as the job, chunk after chunk in this process (its progress on the job); a job whose run
    is calculated already is not calculated twice, one interrupted resumes where it stopped."""
    unknown = set(parameters) - set(RUN_PARAMETERS)
    if unknown:
        raise TypeError(f"unknown run parameters: {', '.join(sorted(unknown))}")
    run = DistributionRun.objects.filter(job_id=job_id).first()
    if run is not None and run.phase in (phases.DONE, phases.FAILED):
        return Job.objects.get(pk=job_id)

    def work(job):
        found = run or related.create_related_run(job=job, **parameters)
        calculation.calculate_here(found.pk, job)
        s = DistributionRun.objects.get(pk=found.pk).summary
        return {"run": found.pk, "summary": f"run {found.pk} calculated: G={s['G']} A={s['A']} S={s['S']} N={s['N']}"}

    return jobs.run(job_id, work)


@shared_task(acks_late=False)  # a lost worker's run is resumed by the next worker (resume_interrupted_runs)
def related_run_task(job_id: int, parameters: dict) -> int:
    return run_related(job_id, parameters).pk


def start_related_run(parameters: dict, *, user=None) -> Job:
    """Queue a neighbouring-rights run (in this process without a broker); follow it on the returned job."""
    job = jobs.create_job(RELATED_RUN_JOB, total=1, user=user)
    related_run_task.delay(job.pk, parameters)
    job.refresh_from_db()
    return job
