from pathlib import Path

from celery import shared_task

from wipoconnect.core import jobs
from works.spreadsheet import import_works


@shared_task
def import_works_task(job_id: int, path: str) -> int:
    def work(job):
        result = import_works(Path(path))
        jobs.progress(job, result.rows, result.rows)
        return {"summary": result.summary(), "errors": result.errors[:1000]}

    return jobs.run(job_id, work).pk
