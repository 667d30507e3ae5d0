"""Usage import and identification as tasks of a real Celery worker (Redis broker, PostgreSQL)."""

import pytest

from distribution.usage.models import Match
from distribution.usage.tasks import IDENTIFY_JOB, IMPORT_JOB, identify_report_task, import_usage_task
from tests.factories import PartyFactory, WorkFactory, WorkShareFactory
from wipoconnect.core.jobs import create_job
from wipoconnect.core.models import Job

pytestmark = pytest.mark.celery_worker


def test_worker_imports_and_identifies_a_report_with_job_progress(celery_worker_process, tmp_path, settings):
    WorkShareFactory(work=WorkFactory(title="Yesterday", iswc="T0345246801"), party=PartyFactory(last_name="McCartney"))
    report_file = tmp_path / "radio.csv"
    report_file.write_text("title,writers,plays\nYesterday,Paul McCartney,3\nUnknown,Nobody,1\n", encoding="utf-8")
    queue = celery_worker_process.queue

    job = create_job(IMPORT_JOB)
    args = [job.pk, str(report_file), "Radio", "2026-01-01..2026-03-31", "PR", "2136"]
    assert import_usage_task.apply_async(args=args, queue=queue).get(timeout=90) == job.pk
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    report_id = job.result["report"]

    job = create_job(IDENTIFY_JOB)
    assert identify_report_task.apply_async(args=[job.pk, report_id], queue=queue).get(timeout=90) == job.pk
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.SUCCEEDED, 2, 2), job.error
    assert job.result["summary"] == f"report {report_id}: 1 auto, 0 review, 1 unidentified"
    assert Match.objects.get(report_id=report_id, status="auto").work.iswc == "T0345246801"
