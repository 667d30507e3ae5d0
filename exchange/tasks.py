"""Celery tasks of the exchange app: thin, they take ids, call the services and record progress on a Job."""

from pathlib import Path

from celery import shared_task

from exchange.cwr_import import import_cwr
from exchange.models import CwrFile
from wipoconnect.core import jobs

IMPORT_CWR_JOB = "import_cwr"


@shared_task(acks_late=True)
def import_cwr_task(job_id: int, cwr_file_id: int, path: str) -> int:
    """Import an uploaded CWR file; running it again after a crash gives the same result (registrations already
    written are found unchanged, the ACK is rebuilt whole)."""

    def work(job):
        cwr_file = CwrFile.objects.get(pk=cwr_file_id)
        summary = import_cwr(Path(path), name=cwr_file.filename, job=job, cwr_file=cwr_file)
        return {"cwr_file": summary.cwr_file.pk, "summary": summary.first_line, "notes": summary.notes[:50]}

    return jobs.run(job_id, work).pk
