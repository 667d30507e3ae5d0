"""The steps of the run pipeline (distribution.runs.phases): begin, weigh and allocate in chunks, then finalize
(distribution.runs.settlement); each step idempotent, resumable, and executed by Celery tasks or in one process."""

from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from distribution.runs import engine, settlement, weighing
from distribution.runs.models import DistributionRun, RunChunk, RunLine, RunWeight
from distribution.runs.phases import (
    ALLOCATE,
    DONE,
    FAILED,
    FINALIZE,
    LINES_PER_CHUNK,
    WEIGH,
    WORKS_PER_CHUNK,
    RunError,
    RunKind,
    Step,
    kind_of,
)
from rightowners.models import Society
from wipoconnect.core.bulk import append_rows
from wipoconnect.core.models import Job


def begin(run_id: int, job: Job, queue: str = "") -> list[Step]:
    """Start a new attempt: plan the weighing chunks. Earlier attempts' staging rows are dropped."""
    with transaction.atomic():
        run = DistributionRun.objects.select_for_update(no_key=True).get(pk=run_id)
        if run.status == DistributionRun.Status.APPROVED:
            raise RunError(f"run {run.pk} is approved: approved runs are immutable")
        kind = kind_of(run)
        kind.check(run)
        engine.deduct(run.gross, run.admin_percent, run.social_percent)
        run.attempt += 1
        run.phase, run.job, run.queue = WEIGH, job, queue
        run.save(update_fields=["attempt", "phase", "job", "queue"])
        _drop_staging(run, keep_attempt=run.attempt)
        ranges = kind.inputs(run, LINES_PER_CHUNK)
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
        kind_of(chunk.run).weigh(chunk.run, step.attempt, step.index, chunk.low, chunk.high)
        _mark_done(chunk)


def allocate(step: Step) -> None:
    with transaction.atomic():
        chunk = _claim(step, ALLOCATE)
        if chunk is None:
            return
        kind = kind_of(chunk.run)
        found = kind.lines(chunk.run, step.attempt, chunk.low, chunk.high)
        _store_lines(chunk.run, step, kind, found.lines)
        chunk.conflicts = found.conflicts
        _mark_done(chunk)


STAGING_COLUMNS = (
    "run_id",
    "attempt",
    "chunk",
    "payee_kind",
    "payee",
    "party_id",
    "society_id",
    "work_id",
    "recording_id",
    "work_key",
    "amount",
    "remainder",
    "roles",
    "share",
    "weight",
)


def _store_lines(run: DistributionRun, step: Step, kind: RunKind, lines: list[engine.ExactLine]) -> None:
    """The chunk's exact lines as RunLine rows (COPY on PostgreSQL): the floor of each and its remainder."""
    denominator = run.total_weight * kind.scale(run, step.attempt)
    societies = dict(Society.objects.values_list("code", "id"))
    recordings = kind.ref == "recording_id"
    rows = [_staging_row(run.pk, step, x, denominator, societies, recordings) for x in lines if x.numerator]
    append_rows(RunLine, STAGING_COLUMNS, rows)


def _staging_row(run_id: int, step: Step, line: engine.ExactLine, denominator: int, societies, recordings) -> tuple:
    amount, remainder = divmod(line.numerator, denominator)
    payee = line.payee
    work, recording = (None, line.work_ref) if recordings else (line.work_ref, None)
    return (
        run_id,
        step.attempt,
        step.index,
        payee.kind,
        payee.key,
        payee.party,
        societies.get(payee.society),
        work,
        recording,
        line.work,
        amount,
        str(remainder),
        ",".join(line.roles),
        Decimal(line.share_units).scaleb(-6),
        line.weight,
    )


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
    kind = kind_of(run)
    run.total_weight = kind.total_weight(run, run.attempt)
    if not run.total_weight:
        raise RunError(f"run {run.pk}: its usage weighs nothing (W = 0): no usage lines or all with 0 plays")
    if kind.refs:
        ranges = kind.refs(run, run.attempt, WORKS_PER_CHUNK)
    else:
        ranges = weighing.ref_id_ranges(run, run.attempt, kind.ref, WORKS_PER_CHUNK)
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


def execute(step: Step) -> list[Step]:
    """Do one step; returns the steps that became due (the next phase's, once the last chunk of one is done)."""
    if step.phase == FINALIZE:
        settlement.finalize(step)
        return []
    (weigh if step.phase == WEIGH else allocate)(step)
    return advance(step.run_id, step.attempt)


def calculate_here(run_id: int, job: Job) -> None:
    """Every step of a calculation in this process, one after the other, resuming an interrupted one (a job that
    returns with its run calculated). A failing step fails the run's job and is raised."""
    run = DistributionRun.objects.get(pk=run_id)
    steps = pending(run_id) if run.phase in (WEIGH, ALLOCATE, FINALIZE) else begin(run_id, job)
    while steps:
        step = steps.pop()
        try:
            steps += execute(step)
        except Exception as exc:
            fail(step, exc)
            raise
    drop_staging_lines(run_id, DistributionRun.objects.get(pk=run_id).attempt)


def drop_staging_lines(run_id: int, attempt: int) -> None:
    """Housekeeping after a calculation (a task of its own, once the job has succeeded): the staging lines."""
    RunLine.objects.filter(run_id=run_id, attempt=attempt).delete()


def fail(step: Step, error: Exception) -> None:
    """Record a failed calculation on its job; the run keeps its earlier lines and status."""
    updated = DistributionRun.objects.filter(pk=step.run_id, attempt=step.attempt).exclude(phase=DONE)
    job_id = updated.values_list("job_id", flat=True).first()
    if updated.update(phase=FAILED) and job_id:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
