"""Neighbouring-rights runs through the run pipeline: chunked, resumable, with chunk progress on their job."""

from unittest import mock

import pytest

from distribution.runs import calculation, phases, related
from distribution.runs.models import PayoutLine, RunChunk
from distribution.usage.recordings import identify_recordings
from tests.web.related_data import broadcast_report, build_related
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

pytestmark = pytest.mark.django_db

PARAMETERS = {
    "name": "NR",
    "gross": "1234.56",
    "currency": "EUR",
    "admin": "10",
    "social": "5",
    "threshold": "20.00",
    "producers": "45",
    "featured_weight": "2",
    "non_featured_weight": "1",
}


def lines(run):
    return sorted(
        PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "recording_id", "amount")
    )


@pytest.fixture
def report(tmp_path):
    build_related()
    rep = broadcast_report(tmp_path)
    identify_recordings(report=rep)
    return rep


def test_a_run_interrupted_after_weighing_resumes_to_the_same_lines(report):
    with mock.patch.object(calculation, "LINES_PER_CHUNK", 1), mock.patch.object(calculation, "WORKS_PER_CHUNK", 1):
        reference = related.run_related_distribution(report_ids=[report.pk], **PARAMETERS)
        run = related.create_related_run(report_ids=[report.pk], **PARAMETERS)
        job = jobs.create_job("related_run")
        planned = calculation.begin(run.pk, job)
        assert len(planned) == 4 and {s.phase for s in planned} == {phases.WEIGH}
        for step in planned:  # the first phase done, then the worker dies: the allocation tasks it planned are lost
            calculation.execute(step)
        calculation.execute(planned[0])  # a redelivered task: its chunk is done already
        job.refresh_from_db()
        assert (job.status, job.done, job.total) == (Job.Status.RUNNING, 4, 4 + 2 + 1)  # 2 chunks of recordings
        pending = calculation.pending(run.pk)
        assert [s.phase for s in pending] == [phases.ALLOCATE] * 2
        while pending:
            step = pending.pop()
            pending += calculation.execute(step)
            calculation.execute(step)  # every step delivered twice
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.done == job.total == 7
    assert lines(run) == lines(reference) and len(lines(run)) > 5
    assert run.summary == {**reference.summary}
    assert RunChunk.objects.filter(run=run, done=True).count() == 6


def test_a_neighbouring_rights_run_is_not_recalculated(report):
    run = related.run_related_distribution(report_ids=[report.pk], **PARAMETERS)
    with pytest.raises(phases.RunError, match="neighbouring-rights run: calculate a new one"):
        calculation.begin(run.pk, jobs.create_job("distribution"))
