"""A task sent through the Redis broker to a real Celery worker process, which writes to PostgreSQL."""

import pytest

from wipoconnect.core.jobs import create_job
from wipoconnect.core.models import Job
from works.models import Work
from works.tasks import import_works_task

pytestmark = pytest.mark.celery_worker


def test_worker_imports_a_works_file_and_finishes_its_job(celery_worker_process, tmp_path):
    sheet = tmp_path / "works.csv"
    sheet.write_text(
        "title,iswc,role,last_name,first_name,pr_share,mr_share\n"
        "Worker Song,T-034.524.680-1,CA,Okafor,Ada,100,100\n"
        "Second Song,,C,Silva,João,100,100\n",
        encoding="utf-8",
    )
    job = create_job("import_works")

    result = import_works_task.apply_async(args=[job.pk, str(sheet)], queue=celery_worker_process.queue)

    assert result.get(timeout=90) == job.pk
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.done == 2
    assert Work.objects.get(iswc="T0345246801").shares.get().party.last_name == "Okafor"
    assert Work.objects.filter(title="Second Song").exists()
