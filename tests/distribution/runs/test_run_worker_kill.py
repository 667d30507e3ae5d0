"""A real Celery worker killed in the middle of a run: restarted, it resumes and ends with the same lines."""

import os
import signal
import time
from decimal import Decimal
from pathlib import Path

import pytest
from run_factories import party, report, work

from distribution.runs import calculation, phases, settlement
from distribution.runs import services as runs
from distribution.runs.models import DistributionRun, PayoutLine, RunChunk
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres]


@pytest.fixture
def small_chunks(monkeypatch):
    """Many small chunks, so that the kill lands mid-run: the worker reads them at start-up, this process now."""
    monkeypatch.setenv("DISTRIBUTION_LINES_PER_CHUNK", "25")
    monkeypatch.setenv("DISTRIBUTION_WORKS_PER_CHUNK", "4")
    monkeypatch.setattr(calculation, "LINES_PER_CHUNK", 25)
    monkeypatch.setattr(calculation, "WORKS_PER_CHUNK", 4)


def repertoire():
    parties = [
        party(f"W{i}", f"{i + 100:011d}", "052" if i % 5 == 0 else os.environ.get("SOCIETY_CODE", "999"))
        for i in range(30)
    ]
    works = [
        work(f"S{i}", None, [(parties[i % 30], "CA", "50"), (parties[(i * 7) % 30], "E", "33.33")]) for i in range(60)
    ]
    lines = [(works[(i * 13) % 60] if i % 11 else None, 1 + i % 4) for i in range(4000)]
    return report(lines)


def new_run(rep):
    return runs.create_run(
        name="kill",
        report_ids=[rep.pk],
        right="PR",
        territory="2136",
        gross=Decimal("12345.67"),
        currency="EUR",
        admin="12.5",
        social="10",
        threshold="20.00",
    )


def lines_of(run):
    return sorted(PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "amount"))


def kill(process) -> None:
    """SIGKILL the worker and its pool processes (by their ids), as a crash would."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    for pid in [process.pid, *map(int, children)]:
        os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def calculate_here(run) -> None:
    """The reference: the same steps run one after the other in this process, no worker involved."""
    actions = {phases.WEIGH: calculation.weigh, phases.ALLOCATE: calculation.allocate}
    steps = calculation.begin(run.pk, jobs.create_job("distribution"))
    while steps:
        step = steps.pop()
        if step.phase == phases.FINALIZE:
            settlement.finalize(step)
        else:
            actions[step.phase](step)
            steps += calculation.advance(step.run_id, step.attempt)


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_worker_killed_mid_run_resumes_to_the_same_lines(small_chunks, celery_worker_process):
    worker = celery_worker_process
    run = new_run(repertoire())
    job = runs.calculate(run, queue=worker.queue)
    wait_until(lambda: RunChunk.objects.filter(run=run, done=True).count() >= 20, 90, "the first chunks")
    kill(worker.process)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING, "the run finished before the kill: make it bigger"
    done_at_kill = RunChunk.objects.filter(run=run, done=True).count()

    worker.process = worker.start()
    job = runs.wait(job, timeout=180)
    assert job.status == Job.Status.SUCCEEDED, job.error
    run.refresh_from_db()
    assert run.summary["balanced"] and RunChunk.objects.filter(run=run, done=False).count() == 0
    assert RunChunk.objects.filter(run=run).count() > done_at_kill

    twin = new_run(run.reports.get())
    calculate_here(twin)
    assert lines_of(run) == lines_of(twin) and len(lines_of(run)) > 50
    assert DistributionRun.objects.get(pk=run.pk).summary == DistributionRun.objects.get(pk=twin.pk).summary
