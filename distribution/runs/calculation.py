"""A run's calculation in steps that Celery tasks (or one process) execute: weigh → allocate → finalize.

Every step is idempotent and resumable: a chunk writes its output and its `done` mark in one transaction (a
worker killed mid-chunk leaves nothing), tasks carry the attempt they belong to (tasks of an earlier attempt do
nothing), and the last chunk of a phase to finish plans the next phase under a lock on the run.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from distribution.models import DistributionRun
from distribution.runs import engine, feed, weighing
from distribution.runs.allocation import allocate_chunk
from distribution.runs.models import RunChunk, RunLine, RunWeight
from wipoconnect.core.codes import RELATED_RIGHT
from wipoconnect.core.models import Job
from wipoconnect.env import env_int

LINES_PER_CHUNK = env_int("DISTRIBUTION_LINES_PER_CHUNK", 1_250_000)
WORKS_PER_CHUNK = env_int("DISTRIBUTION_WORKS_PER_CHUNK", 12_500)
WEIGH, ALLOCATE, FINALIZE, DONE, FAILED = "weigh", "allocate", "finalize", "done", "failed"


@dataclass(frozen=True)
class Step:
    """A unit of work for a task: a chunk of a phase, or the finalization (index 0)."""

    phase: str
    run_id: int
    attempt: int
    index: int = 0


class RunError(ValueError):
    """A run that cannot be calculated or approved as asked; the message says which and why."""


def begin(run_id: int, job: Job, queue: str = "") -> list[Step]:
    """Start a new attempt: plan the weighing chunks. Earlier attempts' staging rows are dropped."""
    with transaction.atomic():
        run = DistributionRun.objects.select_for_update(no_key=True).get(pk=run_id)
        if run.status == DistributionRun.Status.APPROVED:
            raise RunError(f"run {run.pk} is approved: approved runs are immutable")
        if run.right_type == RELATED_RIGHT:  # neighbouring rights are split per recording, not by work shares
            raise RunError(f"run {run.pk} is a neighbouring-rights run: calculate a new one (run_related_distribution)")
        feed.period_of(run)  # a run without reports fails here, before any work
        engine.deduct(run.gross, run.admin_percent, run.social_percent)
        run.attempt += 1
        run.phase, run.job, run.queue = WEIGH, job, queue
        run.save(update_fields=["attempt", "phase", "job", "queue"])
        _drop_staging(run, keep_attempt=run.attempt)
        ranges = weighing.line_id_ranges(list(run.reports.values_list("id", flat=True)), LINES_PER_CHUNK)
        _plan(run, WEIGH, ranges)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), total=len(ranges) + 1, done=0
        )
    return [Step(WEIGH, run.pk, run.attempt, i) for i in range(len(ranges))] or advance(run.pk, run.attempt)


def _plan(run: DistributionRun, phase: str, ranges: list[tuple[int, int]]) -> None:
    RunChunk.objects.bulk_create(
        RunChunk(run=run, attempt=run.attempt, phase=phase, index=i, low=low, high=high)
        for i, (low, high) in enumerate(ranges)
    )


def _drop_staging(run: DistributionRun, keep_attempt: int) -> None:
    for model in (RunChunk, RunWeight, RunLine):
        model.objects.filter(run=run).exclude(attempt=keep_attempt).delete()


def weigh(step: Step) -> None:
    with transaction.atomic():
        chunk = _claim(step, WEIGH)
        if chunk is None:
            return
        weighing.weigh_lines(chunk.run, step.attempt, step.index, chunk.low, chunk.high)
        _mark_done(chunk)


def allocate(step: Step) -> None:
    with transaction.atomic():
        chunk = _claim(step, ALLOCATE)
        if chunk is None:
            return
        chunk.conflicts = allocate_chunk(chunk.run, step.attempt, step.index, chunk.low, chunk.high)
        _mark_done(chunk)


def _claim(step: Step, phase: str) -> RunChunk | None:
    """The chunk locked for this transaction, or None when done already or of a stale attempt."""
    chunk = (
        # Lock the chunk row only: locking the joined run row too would make the workers take turns.
        RunChunk.objects.select_for_update(of=("self",))
        .select_related("run")
        .filter(run_id=step.run_id, attempt=step.attempt, phase=phase, index=step.index, done=False)
        .first()
    )
    if chunk is None or chunk.run.attempt != step.attempt:
        return None
    return chunk


def _mark_done(chunk: RunChunk) -> None:
    chunk.done = True
    chunk.save(update_fields=["done", "conflicts"])
    finished = RunChunk.objects.filter(run_id=chunk.run_id, attempt=chunk.attempt, done=True).count()
    Job.objects.filter(pk=chunk.run.job_id).update(done=Greatest("done", finished))


def advance(run_id: int, attempt: int) -> list[Step]:
    """When the current phase has no chunk left, plan the next one (once: under a lock on the run).

    FOR NO KEY UPDATE: chunks being written reference the run (key-share locks) and must not be waited for."""
    with transaction.atomic():
        run = DistributionRun.objects.select_for_update(no_key=True).get(pk=run_id)
        if run.attempt != attempt or run.phase not in (WEIGH, ALLOCATE):
            return []
        if RunChunk.objects.filter(run=run, attempt=attempt, phase=run.phase, done=False).exists():
            return []
        if run.phase == WEIGH:
            return _plan_allocation(run)
        run.phase = FINALIZE
        run.save(update_fields=["phase"])
        return [Step(FINALIZE, run.pk, attempt)]


def _plan_allocation(run: DistributionRun) -> list[Step]:
    run.total_weight = weighing.total_weight(run, run.attempt)
    if not run.total_weight:
        raise RunError(f"run {run.pk}: its usage weighs nothing (W = 0): no usage lines or all with 0 plays")
    ranges = weighing.work_id_ranges(run, run.attempt, WORKS_PER_CHUNK)
    run.phase = ALLOCATE if ranges else FINALIZE
    run.save(update_fields=["total_weight", "phase"])
    _plan(run, ALLOCATE, ranges)
    weigh_chunks = RunChunk.objects.filter(run=run, attempt=run.attempt, phase=WEIGH).count()
    Job.objects.filter(pk=run.job_id).update(total=weigh_chunks + len(ranges) + 1)
    if not ranges:
        return [Step(FINALIZE, run.pk, run.attempt)]
    return [Step(ALLOCATE, run.pk, run.attempt, i) for i in range(len(ranges))]


def pending(run_id: int) -> list[Step]:
    """Steps still to do for an interrupted calculation (a worker died): resume where it stopped."""
    run = DistributionRun.objects.get(pk=run_id)
    if run.phase == FINALIZE:
        return [Step(FINALIZE, run.pk, run.attempt)]
    if run.phase not in (WEIGH, ALLOCATE):
        return []
    left = RunChunk.objects.filter(run=run, attempt=run.attempt, phase=run.phase, done=False)
    steps = [Step(run.phase, run.pk, run.attempt, i) for i in left.values_list("index", flat=True)]
    return steps or advance(run.pk, run.attempt)


def fail(step: Step, error: Exception) -> None:
    """Record a failed calculation on its job; the run keeps its earlier lines and status."""
    updated = DistributionRun.objects.filter(pk=step.run_id, attempt=step.attempt).exclude(phase=DONE)
    job_id = updated.values_list("job_id", flat=True).first()
    if updated.update(phase=FAILED) and job_id:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
