"""The one pipeline every run follows, in steps that Celery tasks (or one process) execute:

    begin     check the run, start a new attempt, plan the weigh chunks (the kind's input ranges)
    weigh     per chunk: the kind writes the run's weights (RunWeight) per work or recording, or per usage key
    allocate  per chunk of works or recordings: the kind fetches the engine inputs in bulk and computes the exact
              lines; they are stored floored with their remainders (RunLine)
    finalize  one transaction (distribution.runs.settlement): the missing cents to the largest remainders, the
              minimum payment, the payout lines replaced in one statement, the summary `G = A + S + Σ lines`

A kind of run (RunKind, registered by DistributionConfig.ready) plugs in only what differs: how its money is
weighed into work or recording amounts and how a chunk's engine inputs are fetched —

    usage                  (allocation, weighing)  usage lines per work in SQL; chunks of works and their shares
    neighbouring rights    (related)               usage lines per recording; chunks of recordings, their
                                                   performers and producers (engine.related)
    adjustment, release    (claims, pooled)        pools read back from the run's suspense draws, one chunk
    incoming               (incoming, pooled)      pools read back from the statement's lines, one chunk

Everything else — chunks, done marks, attempts, resume, progress on the run's Job, settlement — is one code path:
distribution.runs.calculation (begin, weigh, allocate, advance) and distribution.runs.settlement (finalize). Usage
runs are calculated by Celery tasks (distribution.runs.tasks); the others in the process that asks for them
(`calculate_here`: a neighbouring-rights job, or the transaction of a claims or statement action), with the same
steps, so an interrupted neighbouring-rights run is resumed by the next worker.

Every step is idempotent and resumable: a chunk writes its output and its `done` mark in one transaction (a
worker killed mid-chunk leaves nothing), tasks carry the attempt they belong to (tasks of an earlier attempt do
nothing), and the last chunk of a phase to finish plans the next phase under a lock on the run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from distribution.runs import engine, weighing
from distribution.runs.models import DistributionRun, RunOrigin
from wipoconnect.core.errors import DomainError
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
# registered when Django starts (DistributionConfig.ready), since the kinds build on the phases.
KINDS: dict[str | None, RunKind] = {}


def register_kind(origin: str | None, kind: RunKind) -> None:
    KINDS[origin] = kind


def kind_of(run: DistributionRun) -> RunKind:
    """The kind of a run: usage runs, and those marked by their RunOrigin."""
    origin = RunOrigin.objects.filter(run_id=run.pk).values_list("kind", flat=True).first()
    return KINDS[origin]
