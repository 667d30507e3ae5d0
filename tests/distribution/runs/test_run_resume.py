"""Interrupted and repeated steps (what a killed worker or a redelivered task leaves) end with the same lines."""

import pytest
from run_factories import party, report, work

from distribution.runs import calculation, phases, settlement
from distribution.runs import services as runs
from distribution.runs.models import PayoutLine, RunChunk
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

pytestmark = pytest.mark.django_db
ACTIONS = {phases.WEIGH: calculation.weigh, phases.ALLOCATE: calculation.allocate}


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(calculation, "LINES_PER_CHUNK", 3)
    monkeypatch.setattr(calculation, "WORKS_PER_CHUNK", 2)


def usage():
    parties = [party(f"P{i}", f"{i + 500:011d}", "999" if i % 3 else "052") for i in range(6)]
    works = [
        work(f"W{i}", None, [(parties[i % 6], "CA", "60"), (parties[(i + 2) % 6], "E", "33.33")]) for i in range(7)
    ]
    return report([(works[i % 7] if i % 5 else None, 1 + i % 3) for i in range(30)])


def new_run(rep):
    return runs.create_run(
        name="r",
        report_ids=[rep.pk],
        right="PR",
        territory="2136",
        gross="777.77",
        currency="EUR",
        admin="10",
        social="5",
        threshold="10.00",
    )


def lines(run):
    return sorted(PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "amount"))


def step(s):
    if s.phase == phases.FINALIZE:
        settlement.finalize(s)
        return []
    ACTIONS[s.phase](s)
    return calculation.advance(s.run_id, s.attempt)


def test_resuming_an_interrupted_calculation_gives_the_same_lines_and_repeats_change_nothing():
    rep = usage()
    reference = new_run(rep)
    runs.calculate(reference)

    run = new_run(rep)
    job = jobs.create_job("distribution")
    planned = calculation.begin(run.pk, job)
    for s in planned[:3]:  # three chunks done, then the worker dies: the other tasks are lost
        step(s)
    step(planned[0])  # a redelivered task: its chunk is done already
    assert RunChunk.objects.filter(run=run, done=True).count() == 3
    pending = calculation.pending(run.pk)
    assert sorted(s.index for s in pending) == list(range(3, len(planned)))
    while pending:
        s = pending.pop()
        pending += step(s)
        step(s)  # every step delivered twice
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.done == job.total
    assert lines(run) == lines(reference) and len(lines(run)) > 8


def test_steps_of_an_earlier_attempt_do_nothing():
    rep = usage()
    run = new_run(rep)
    old = calculation.begin(run.pk, jobs.create_job("distribution"))
    runs.calculate(run)  # a new attempt, run to the end
    expected = lines(run)
    for s in old:
        assert step(s) == []
    assert lines(run) == expected and not RunChunk.objects.filter(run=run, attempt=old[0].attempt).exists()
