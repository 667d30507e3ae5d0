"""Celery tasks of distribution runs: thin wrappers that take ids and call the calculation steps.

A step that fails marks the run's job failed (the worker stays up). When a worker starts, it resumes the
calculations that were interrupted (a worker killed mid-run): steps are idempotent, so nothing is lost or
counted twice even if a step runs again.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError, connections

from distribution.runs import calculation, settlement
from distribution.runs.calculation import Step

log = logging.getLogger(__name__)


def dispatch(steps: list[Step], queue: str = "") -> None:
    for step in steps:
        TASKS[step.phase].apply_async(args=[step.run_id, step.attempt, step.index], queue=queue or None)


def _execute(task, action, step: Step, then_advance: bool = True) -> None:
    queue = (task.request.delivery_info or {}).get("routing_key") or ""
    try:
        action(step)
        following = calculation.advance(step.run_id, step.attempt) if then_advance else []
    except Exception as exc:  # recorded on the job; retrying would fail the same way
        log.exception("distribution run %s step %s failed", step.run_id, step)
        calculation.fail(step, exc)
        return
    dispatch(following, queue)


@shared_task(bind=True)
def weigh_task(self, run_id: int, attempt: int, index: int) -> None:
    _execute(self, calculation.weigh, Step(calculation.WEIGH, run_id, attempt, index))


@shared_task(bind=True)
def allocate_task(self, run_id: int, attempt: int, index: int) -> None:
    _execute(self, calculation.allocate, Step(calculation.ALLOCATE, run_id, attempt, index))


@shared_task(bind=True)
def finalize_task(self, run_id: int, attempt: int, index: int = 0) -> None:
    _execute(self, settlement.finalize, Step(calculation.FINALIZE, run_id, attempt), then_advance=False)
    cleanup_task.apply_async(args=[run_id, attempt], queue=(self.request.delivery_info or {}).get("routing_key"))


@shared_task
def cleanup_task(run_id: int, attempt: int) -> None:
    settlement.drop_staging_lines(run_id, attempt)


TASKS = {calculation.WEIGH: weigh_task, calculation.ALLOCATE: allocate_task, calculation.FINALIZE: finalize_task}


@worker_ready.connect
def resume_interrupted_runs(sender=None, **kwargs) -> None:
    from distribution.models import DistributionRun

    try:
        running = DistributionRun.objects.filter(
            phase__in=[calculation.WEIGH, calculation.ALLOCATE, calculation.FINALIZE], job__status="running"
        ).values_list("pk", "queue")
        for run_id, queue in running:
            dispatch(calculation.pending(run_id), queue)
    except DatabaseError:
        log.exception("could not look for interrupted distribution runs")
    finally:
        connections.close_all()  # never hand a connection opened here to forked pool processes
