"""Job bookkeeping for long batches: services report progress, tasks mark start and end."""

from collections.abc import Callable

from django.utils import timezone

from wipoconnect.core.models import Job


def create_job(kind: str, *, total: int = 0, user=None) -> Job:
    return Job.objects.create(
        kind=kind, total=total, created_by=user if getattr(user, "is_authenticated", False) else None
    )


def progress(job: Job | None, done: int, total: int | None = None) -> None:
    """Record progress; written with update() so it never overwrites other fields of the job."""
    if job is None:
        return
    fields = {"done": done, **({"total": total} if total is not None else {})}
    Job.objects.filter(pk=job.pk).update(**fields)


def run(job_id: int, work: Callable[[Job], dict | None]) -> Job:
    """Run `work(job)` as the job: running → succeeded with its result, or failed with the error (never raises)."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(), error="")
    try:
        result = work(job) or {}
    except Exception as exc:  # a failed batch is recorded on its job; the worker stays up
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job_id).update(status=Job.Status.SUCCEEDED, result=result, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def error_message(job: Job) -> str:
    """The job's error as the service said it (without the exception's class name jobs.run puts first)."""
    kind, _, message = job.error.partition(": ")
    return message if message and kind in {"RunError", "EngineError", "MoneyError", "ValidationError"} else job.error
