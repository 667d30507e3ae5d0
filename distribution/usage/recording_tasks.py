"""Celery tasks of related rights: identification of a report to recordings and neighbouring-rights runs.

Thin, like usage_tasks: they take ids and parameters, call the services and record the outcome on a Job. Without a
broker they run eagerly in the calling process (CELERY_TASK_ALWAYS_EAGER).

A neighbouring-rights run is calculated in one transaction (distribution.runs.related): its job counts one step,
done when the run is written, and the run keeps the job (DistributionRun.job) as a usage run does.
"""

from celery import shared_task

from distribution.models import UsageReport
from distribution.usage.recordings import identify_recordings
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

IDENTIFY_RECORDINGS_JOB = "identify_recordings"


def run_identification(job_id: int, report_id: int) -> Job:
    def work(job):
        counts = identify_recordings(report=UsageReport.objects.get(pk=report_id), job=job)
        return {"report": report_id, "summary": counts.summary(report_id)}

    return jobs.run(job_id, work)


@shared_task(acks_late=True)
def identify_recordings_task(job_id: int, report_id: int) -> int:
    """Identify a report to recordings; safe to run again after a crash (identification is deterministic)."""
    return run_identification(job_id, report_id).pk


def start_identification(report: UsageReport, *, user=None) -> Job:
    job = jobs.create_job(IDENTIFY_RECORDINGS_JOB, user=user)
    identify_recordings_task.delay(job.pk, report.pk)
    job.refresh_from_db()
    return job


