"""Celery tasks for usage reports: thin, they take ids and call the services, recording progress on a Job.

Identification is one job for either target (works, or recordings for related rights); each target has its task so
that a worker knows from the message alone what to identify.
"""

from pathlib import Path

from celery import shared_task

from distribution.usage.identification import WORKS, Target, identify
from distribution.usage.importing import import_usage, parse_period
from distribution.usage.models import UsageReport
from distribution.usage.recordings import RECORDINGS
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

IDENTIFY_JOB = WORKS.job_kind
IDENTIFY_RECORDINGS_JOB = RECORDINGS.job_kind
IMPORT_JOB = "import_usage"


def run_identification(job_id: int, report_id: int, target: Target = WORKS) -> Job:
    def work(job):
        counts = identify(target, report=UsageReport.objects.get(pk=report_id), job=job)
        return {"report": report_id, "summary": counts.summary(report_id)}

    return jobs.run(job_id, work)


@shared_task(acks_late=True)
def identify_report_task(job_id: int, report_id: int) -> int:
    """Identify a report's works; safe to run again after a crash (identification is deterministic)."""
    return run_identification(job_id, report_id, WORKS).pk


# The name it had in its own module, so that messages queued before an upgrade still find it.
@shared_task(acks_late=True, name="distribution.usage.recording_tasks.identify_recordings_task")
def identify_recordings_task(job_id: int, report_id: int) -> int:
    """Identify a report's recordings; safe to run again after a crash (identification is deterministic)."""
    return run_identification(job_id, report_id, RECORDINGS).pk


TASKS = {WORKS.name: identify_report_task, RECORDINGS.name: identify_recordings_task}


def start_identification(target: Target, report: UsageReport, *, user=None) -> Job:
    """The report's identification to the target as a job (run by a worker, or here without a broker)."""
    job = jobs.create_job(target.job_kind, user=user)
    TASKS[target.name].delay(job.pk, report.pk)
    job.refresh_from_db()
    return job


@shared_task
def import_usage_task(
    job_id: int, path: str, source: str, period: str, right_type: str, territory: str, fmt: str | None = None
) -> int:
    def work(job):
        result = import_usage(
            path=Path(path),
            source=source,
            period=parse_period(period),
            right_type=right_type,
            territory=territory,
            fmt=fmt,
        )
        jobs.progress(job, result.lines + result.rejected, result.lines + result.rejected)
        return {"report": result.report.pk, "summary": result.summary(), "errors": [str(e) for e in result.errors]}

    return jobs.run(job_id, work).pk
