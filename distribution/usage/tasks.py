"""Celery tasks for usage reports: thin, they take ids and call the services, recording progress on a Job."""

from pathlib import Path

from celery import shared_task

from distribution.usage.identification import identify_report
from distribution.usage.importing import import_usage, parse_period
from distribution.usage.models import UsageReport
from wipoconnect.core import jobs

IDENTIFY_JOB = "identify_usage"
IMPORT_JOB = "import_usage"


def run_identification(job_id: int, report_id: int):
    def work(job):
        counts = identify_report(report=UsageReport.objects.get(pk=report_id), job=job)
        return {"report": report_id, "summary": counts.summary(report_id)}

    return jobs.run(job_id, work)


@shared_task(acks_late=True)
def identify_report_task(job_id: int, report_id: int) -> int:
    """Identify a report; safe to run again after a crash (identification is deterministic)."""
    return run_identification(job_id, report_id).pk


@shared_task
def import_usage_task(job_id: int, path: str, source: str, period: str, right_type: str, territory: str,
                      fmt: str | None = None) -> int:
    def work(job):
        result = import_usage(path=Path(path), source=source, period=parse_period(period), right_type=right_type,
                              territory=territory, fmt=fmt)
        jobs.progress(job, result.lines + result.rejected, result.lines + result.rejected)
        return {"report": result.report.pk, "summary": result.summary(),
                "errors": [str(e) for e in result.errors]}

    return jobs.run(job_id, work).pk
