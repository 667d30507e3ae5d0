"""The one pipeline every run follows, in steps that Celery tasks (or one process) execute:

    begin     check the run, start a new attempt, plan the weigh chunks (the kind's input ranges)
    weigh     per chunk: the kind writes the run's weights (RunWeight) per work or recording, or per usage key
    allocate  per chunk of works or recordings: the kind fetches the engine inputs in bulk and computes the exact
              lines; they are stored floored with their remainders (RunLine)
    finalize  one transaction (distribution.runs.settlement): the missing cents to the largest remainders, the
              minimum payment, the payout lines replaced in one statement, the summary `G = A + S + Σ lines`

A kind of run (RunKind, listed in `kind_of`) plugs in only what differs: how its money is weighed into work or
recording amounts and how a chunk's engine inputs are fetched —

    usage                  (allocation, weighing)  usage lines per work in SQL; chunks of works and their shares
    neighbouring rights    (related)               usage lines per recording; chunks of recordings, their
                                                   performers and producers (engine.related)
    adjustment, release    (claims, pooled)        pools read back from the run's suspense draws, one chunk
    incoming               (incoming, pooled)      pools read back from the statement's lines, one chunk

Everything else — chunks, done marks, attempts, resume, progress on the run's Job, settlement — is this module's
and settlement's. Usage runs are calculated by Celery tasks (distribution.runs.tasks); the others in the process
that asks for them (`calculate_here`: a neighbouring-rights job, or the transaction of a claims or statement
action), with the same steps, so an interrupted neighbouring-rights run is resumed by the next worker.

Every step is idempotent and resumable: a chunk writes its output and its `done` mark in one transaction (a
worker killed mid-chunk leaves nothing), tasks carry the attempt they belong to (tasks of an earlier attempt do
nothing), and the last chunk of a phase to finish plans the next phase under a lock on the run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from distribution.runs import engine, weighing
from distribution.runs.models import DistributionRun, RunChunk, RunLine, RunOrigin, RunWeight
from rightowners.models import Society
from wipoconnect.core.bulk import append_rows
from wipoconnect.core.errors import DomainError
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


class RunError(DomainError):
    """A run that cannot be calculated or approved as asked; the message says which and why."""


@dataclass(frozen=True)
class ChunkLines:
    """What a kind computes for a chunk of works or recordings: exact lines over W × the kind's scale."""

    lines: list[engine.ExactLine]
    conflicts: dict[str, str] = field(default_factory=dict)  # work or recording key → why


@dataclass(frozen=True)
class RunKind:
    """What a kind of run plugs into the phases (all functions of the run; `attempt` is the run's)."""

    check: Callable[[DistributionRun], None]  # begin: raise RunError/EngineError if it cannot be calculated
    inputs: Callable[[DistributionRun, int], list[tuple[int, int]]]  # weigh: inclusive ranges of about `size` ids
    weigh: Callable[[DistributionRun, int, int, int, int], None]  # (run, attempt, chunk, low, high) → RunWeight
    ref: str  # what weights and allocate chunks are per: "work_id" or "recording_id" (RunWeight, RunLine)
    lines: Callable[[DistributionRun, int, int, int], ChunkLines]  # allocate: (run, attempt, low, high)
    scale: Callable[[DistributionRun, int], int]  # lines are numerators over W × scale (run-wide)
    summary: Callable[[DistributionRun], dict] = lambda run: {}  # what the kind adds to the run's summary
    total_weight: Callable[[DistributionRun, int], int] = weighing.total_weight  # W (default: Σ RunWeight)
    refs: Callable[[DistributionRun, int, int], list[tuple[int, int]]] | None = None  # allocate ranges of `size`
    # (default: ranges of the `ref` ids weighed)


# The kinds of run by their RunOrigin kind (None: usage runs). Each kind's module defines its RunKind; they are
# registered when Django starts (DistributionConfig.ready), since the kinds build on this module.
KINDS: dict[str | None, RunKind] = {}


def register_kind(origin: str | None, kind: RunKind) -> None:
    KINDS[origin] = kind


def kind_of(run: DistributionRun) -> RunKind:
    """The kind of a run: usage runs, and those marked by their RunOrigin."""
    origin = RunOrigin.objects.filter(run_id=run.pk).values_list("kind", flat=True).first()
    return KINDS[origin]


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
        from distribution.runs import settlement  # settlement builds on this module's steps

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
