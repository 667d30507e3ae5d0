"""Identification to recordings and a neighbouring-rights run as tasks of a real Celery worker (Redis, PostgreSQL)."""

import pytest

from distribution.runs.models import DistributionRun, PayoutLine
from distribution.runs.tasks import RELATED_RUN_JOB, related_run_task
from distribution.usage.tasks import IDENTIFY_RECORDINGS_JOB, identify_recordings_task
from tests.web.related_data import broadcast_report, build_related
from wipoconnect.core.jobs import create_job
from wipoconnect.core.models import Job

pytestmark = pytest.mark.celery_worker


def test_worker_identifies_to_recordings_and_calculates_a_neighbouring_rights_run(celery_worker_process, tmp_path):
    build_related()
    report = broadcast_report(tmp_path)
    queue = celery_worker_process.queue

    job = create_job(IDENTIFY_RECORDINGS_JOB)
    assert identify_recordings_task.apply_async(args=[job.pk, report.pk], queue=queue).get(timeout=90) == job.pk
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.SUCCEEDED, 4, 4), job.error
    assert job.result["summary"] == f"report {report.pk}: 2 auto, 1 review, 1 unidentified"

    job = create_job(RELATED_RUN_JOB, total=1)
    parameters = {"name": "NR worker", "report_ids": [report.pk], "gross": "100.00", "currency": "EUR"}
    assert related_run_task.apply_async(args=[job.pk, parameters], queue=queue).get(timeout=90) == job.pk
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.SUCCEEDED, 3, 3), job.error  # the run's chunks
    run = DistributionRun.objects.get(pk=job.result["run"])
    assert run.job_id == job.pk and run.right_type == "RR"
    assert sum(PayoutLine.objects.filter(run=run).values_list("amount", flat=True)) == run.net_amount == 10000
