"""Usage screens: upload a report, follow its import and identification (the review screens are review_views).
They call the usage services and show their jobs' progress."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from distribution.usage import identification
from distribution.usage.forms import UsageUploadForm
from distribution.usage.models import Match, UsageReport
from distribution.usage.tasks import IDENTIFY_JOB, IMPORT_JOB, import_usage_task
from wipoconnect.core import jobs
from wipoconnect.core.models import Job
from wipoconnect.core.screens import requires
from wipoconnect.core.uploads import store_upload

PAGE_SIZE = 50


@requires("distribution.view_usagereport")
def report_list(request):
    reports = Paginator(UsageReport.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "usage/list.html", {"page": reports, "form": UsageUploadForm(), "query": ""})


@requires("distribution.view_usagereport", "distribution.add_usagereport")
def report_upload(request):
    form = UsageUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "usage/upload.html", {"form": form})
    data = form.cleaned_data
    path = store_upload(data["file"], "usage")
    job = jobs.create_job(IMPORT_JOB, user=request.user)
    period = f"{data['period_start']:%Y-%m-%d}..{data['period_end']:%Y-%m-%d}"
    import_usage_task.delay(
        job.pk, str(path), data["source"], period, data["right_type"], data["territory"], data["format"] or None
    )
    return redirect("usage:import-progress", job.pk)


@requires("distribution.view_usagereport")
def import_progress(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id, kind=IMPORT_JOB)
    report_id = (job.result or {}).get("report")
    if job.status == Job.Status.SUCCEEDED and report_id:
        messages.success(
            request, _("Report imported: %(lines)s lines, %(rejected)s rejected.") % _import_counts(report_id)
        )
        return redirect("usage:detail", report_id)
    return render(request, "usage/import_progress.html", {"job": job})


def _import_counts(report_id: int) -> dict:
    report = UsageReport.objects.get(pk=report_id)
    return {"lines": report.line_count, "rejected": report.rejected_count}


@requires("distribution.view_usagereport")
def report_detail(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    by_status = dict(report.matches.values_list("status").annotate(keys=Count("id")).values_list("status", "keys"))
    job = Job.objects.filter(pk=request.GET.get("job"), kind=IDENTIFY_JOB).first() if request.GET.get("job") else None
    context = {
        "report": report,
        "counts": identification.report_counts(report),
        "statuses": [(label, by_status.get(value, 0), value) for value, label in Match.Status.choices],
        "rejections": report.rejections.all()[:50],
        "job": job,
    }
    return render(request, "usage/detail.html", context)
