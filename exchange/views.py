"""Exchange screens: CWR upload (imported as a job, with its ACK), export for a society, files and ACKs."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from exchange.cwr.naming import cwr_filename
from exchange.cwr_export import export_cwr
from exchange.forms import CwrExportForm, CwrUploadForm
from exchange.models import CwrFile
from exchange.tasks import IMPORT_CWR_JOB, import_cwr_task
from wipoconnect.core import jobs
from wipoconnect.core.models import Job
from wipoconnect.core.screens import requires
from wipoconnect.core.uploads import store_upload

PAGE_SIZE = 50


@requires("exchange.view_cwrfile")
def cwr_list(request):
    page = Paginator(CwrFile.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": "", "upload_form": CwrUploadForm(), "export_form": CwrExportForm()}
    return render(request, "exchange/list.html", context)


@require_POST
@requires("exchange.view_cwrfile", "exchange.add_cwrfile")
def cwr_upload(request):
    form = CwrUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        page = Paginator(CwrFile.objects.all(), PAGE_SIZE).get_page(1)
        return render(
            request,
            "exchange/list.html",
            {"page": page, "upload_form": form, "export_form": CwrExportForm()},
            status=400,
        )
    path = store_upload(form.cleaned_data["file"], "cwr")
    job = jobs.create_job(IMPORT_CWR_JOB, user=request.user)
    # The row the import fills in, created as the exchange API does before queuing the same task.
    cwr_file = CwrFile.objects.create(direction=CwrFile.Direction.INCOMING, filename=path.name, version="", job=job)
    import_cwr_task.delay(job.pk, cwr_file.pk, str(path))
    return redirect("exchange:import-progress", job.pk)


@requires("exchange.view_cwrfile")
def import_progress(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id, kind=IMPORT_CWR_JOB)
    cwr_id = (job.result or {}).get("cwr_file")
    if job.status == Job.Status.SUCCEEDED and cwr_id:
        return redirect("exchange:detail", cwr_id)
    return render(request, "exchange/import_progress.html", {"job": job})


@requires("exchange.view_cwrfile")
def cwr_detail(request, pk: int):
    cwr = get_object_or_404(CwrFile.objects.select_related("job"), pk=pk)
    notes = ((cwr.job.result or {}).get("notes") or []) if cwr.job else []
    return render(request, "exchange/detail.html", {"cwr": cwr, "notes": notes})


@requires("exchange.view_cwrfile")
def cwr_ack(request, pk: int):
    cwr = get_object_or_404(CwrFile, pk=pk)
    if not cwr.ack:
        raise Http404
    response = HttpResponse(cwr.ack.encode("ascii", "replace"), content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{cwr.ack_filename}"'
    return response


@require_POST
@requires("exchange.view_cwrfile", "exchange.add_cwrfile")
def cwr_export(request):
    form = CwrExportForm(request.POST)
    if not form.is_valid():
        page = Paginator(CwrFile.objects.all(), PAGE_SIZE).get_page(1)
        return render(
            request,
            "exchange/list.html",
            {"page": page, "upload_form": CwrUploadForm(), "export_form": form},
            status=400,
        )
    data = form.cleaned_data
    name = _next_filename(data["version"], data["recipient"])
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / name
        export_cwr(version=data["version"], recipient=data["recipient"], since=data["since"], out=out)
        content = out.read_bytes()
    response = HttpResponse(content, content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _next_filename(version: str, recipient: str) -> str:
    """The CWR file name: this year's next sequence number of our files to that recipient."""
    year = timezone.now().year
    sent = CwrFile.objects.filter(direction=CwrFile.Direction.OUTGOING, recipient=recipient, created_at__year=year)
    return cwr_filename(version, year, sent.count() + 1, settings.SOCIETY_CODE, recipient)
