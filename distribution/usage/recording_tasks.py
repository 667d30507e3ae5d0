"""Celery tasks of related rights: identification of a report to recordings and neighbouring-rights runs.

Thin, like usage_tasks: they take ids and parameters, call the services and record the outcome on a Job. Without a
broker they run eagerly in the calling process (CELERY_TASK_ALWAYS_EAGER).

A neighbouring-rights run is calculated in one transaction (distribution.runs.related): its job counts one step,
done when the run is written, and the run keeps the job (DistributionRun.job) as a usage run does.
"""

from celery import shared_task

from distribution.models import DistributionRun, UsageReport
from distribution.runs.related import run_related_distribution
from distribution.usage.recordings import identify_recordings
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

IDENTIFY_RECORDINGS_JOB = "identify_recordings"
RELATED_RUN_JOB = "related_run"
# The parameters of run_related_distribution a job carries (amounts and percentages as text, exactly as typed).
RUN_PARAMETERS = (
    "name", "report_ids", "gross", "currency", "admin", "social", "territory", "weighting", "threshold", "producers",
    "featured_weight", "non_featured_weight",
)  # fmt: skip


def run_identification(job_id: int, report_id: int) -> Job:
    def work(job):
        counts = identify_recordings(report=UsageReport.objects.get(pk=report_id), job=job)
        return {"report": report_id, "summary": counts.summary(report_id)}

    return jobs.run(job_id, work)


@shared_task(acks_late=True)
def identify_recordings_task(job_id: int, report_id: int) -> int:
    """Identify a report to recordings; safe to run again after a crash (identification is deterministic)."""
    return run_identification(job_id, report_id).pk


def run_related(job_id: int, parameters: dict) -> Job:
    """Calculate the run as the job; a job that has already written its run is not calculated twice."""
    unknown = set(parameters) - set(RUN_PARAMETERS)
    if unknown:
        raise TypeError(f"unknown run parameters: {', '.join(sorted(unknown))}")
    done = DistributionRun.objects.filter(job_id=job_id).first()
    if done is not None:
        return Job.objects.get(pk=job_id)

    def work(job):
        jobs.progress(job, 0, 1)
        run = run_related_distribution(**parameters)
        DistributionRun.objects.filter(pk=run.pk).update(job=job)
        jobs.progress(job, 1)
        s = run.summary
        return {"run": run.pk, "summary": f"run {run.pk} calculated: G={s['G']} A={s['A']} S={s['S']} N={s['N']}"}

    return jobs.run(job_id, work)


@shared_task(acks_late=False)  # a run is written once: a lost worker fails the job rather than writing it twice
def related_run_task(job_id: int, parameters: dict) -> int:
    return run_related(job_id, parameters).pk


def start_related_run(parameters: dict, *, user=None) -> Job:
    """Queue a neighbouring-rights run (in this process without a broker); follow it on the returned job."""
    job = jobs.create_job(RELATED_RUN_JOB, total=1, user=user)
    related_run_task.delay(job.pk, parameters)
    job.refresh_from_db()
    return job


def start_identification(report: UsageReport, *, user=None) -> Job:
    job = jobs.create_job(IDENTIFY_RECORDINGS_JOB, user=user)
    identify_recordings_task.delay(job.pk, report.pk)
    job.refresh_from_db()
    return job


def error_message(job: Job) -> str:
    """The job's error as the service said it (without the exception's class name jobs.run puts first)."""
    kind, _, message = job.error.partition(": ")
    return message if message and kind in {"RunError", "EngineError", "ValidationError"} else job.error
