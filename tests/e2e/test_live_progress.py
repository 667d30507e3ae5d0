"""The dashboard's progress bars follow a running job without reloading the page (JSON polling)."""

import pytest
from playwright.sync_api import expect

from wipoconnect.core.models import Job

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_progress_bar_moves_as_the_job_advances(page, shot, log_in):
    job = Job.objects.create(kind="import_usage", status=Job.Status.RUNNING, done=2, total=10)
    log_in()
    bar = page.locator(f"[data-job='/jobs/{job.pk}/']")
    expect(bar.locator(".pct")).to_have_text("20 %")
    Job.objects.filter(pk=job.pk).update(done=7)
    expect(bar.locator(".pct")).to_have_text("70 %")
    shot("02b-running-job")
    Job.objects.filter(pk=job.pk).update(done=10, status=Job.Status.SUCCEEDED)
    expect(bar.locator("[data-status]")).to_have_text("Succeeded")
    expect(bar.locator(".pct")).to_have_text("100 %")
