"""Usage screens: upload a report, follow its import and identification, and the review queue. They call the
usage services (import, identification, staff decisions) and show their jobs' progress."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distribution.models import Match, UsageReport
from distribution.usage import identification
from distribution.usage.filtersets import MatchFilterSet
from distribution.usage.forms import UsageUploadForm, WorkPickForm
from distribution.usage.tasks import IDENTIFY_JOB, IMPORT_JOB, identify_report_task, import_usage_task
from wipoconnect.core import jobs
from wipoconnect.core.models import Job
from wipoconnect.core.screens import query_without_page, requires, safe_next
from wipoconnect.core.uploads import store_upload
from works.filtersets import WorkFilterSet
from works.models import Work

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
    import_usage_task.delay(job.pk, str(path), data["source"], period, data["right_type"], data["territory"],
                            data["format"] or None)
    return redirect("usage:import-progress", job.pk)




@requires("distribution.view_usagereport")
def import_progress(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id, kind=IMPORT_JOB)
    report_id = (job.result or {}).get("report")
    if job.status == Job.Status.SUCCEEDED and report_id:
        messages.success(request, _("Report imported: %(lines)s lines, %(rejected)s rejected.")
                         % _import_counts(report_id))
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


@require_POST
@requires("distribution.view_usagereport", "distribution.change_usagereport")
def report_identify(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job = jobs.create_job(IDENTIFY_JOB, user=request.user)
    identify_report_task.delay(job.pk, report.pk)
    return redirect(f"{reverse('usage:detail', args=[report.pk])}?job={job.pk}")


# Review queue


def _queue(request):
    matches = Match.objects.filter(status=Match.Status.REVIEW).select_related("report").order_by("-plays", "id")
    return MatchFilterSet(request.GET, queryset=matches).qs


@requires("distribution.view_match")
def review_queue(request):
    page = Paginator(_queue(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "usage/review.html", {"page": page, "query": query_without_page(request)})


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_bulk(request):
    ids = [int(i) for i in request.POST.getlist("match") if i.isdigit()]
    action = request.POST.get("action", "")
    if not ids:
        messages.warning(request, _("Select at least one usage key."))
    else:
        try:
            count = identification.bulk_review(match_ids=ids, action=action, user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s usage keys decided.") % {"count": count})
    return redirect(safe_next(request) or "usage:review")


@requires("distribution.view_match")
def review_match(request, pk: int):
    match = get_object_or_404(Match.objects.select_related("report", "work"), pk=pk)
    candidate_works = Work.objects.prefetch_related("shares__party").in_bulk([c["work"] for c in match.candidates])
    candidates = [{**c, "obj": candidate_works.get(c["work"])} for c in match.candidates]
    pick = WorkPickForm(request.GET or None)
    found = []
    if request.GET.get("q"):
        found = WorkFilterSet({"q": request.GET["q"]}, queryset=Work.objects.prefetch_related("shares__party")).qs[:10]
    context = {
        "match": match,
        "candidates": candidates,
        "lines": match.lines.all()[:10],
        "pick": pick,
        "found": found,
        "next_match": _queue(request).exclude(pk=match.pk).first(),
    }
    return render(request, "usage/match.html", context)


def _after_decision(request, match: Match):
    following = Match.objects.filter(status=Match.Status.REVIEW, report=match.report).order_by("-plays", "id").first()
    return redirect("usage:match", following.pk) if following else redirect("usage:review")


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_accept(request, pk: int):
    work_id = request.POST.get("work")
    try:
        match = identification.accept_candidate(match_id=pk, work_id=int(work_id) if work_id else None,
                                                user=request.user)
    except (ValidationError, Match.DoesNotExist) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("usage:match", pk)
    messages.success(request, _("Usage “%(usage)s” identified as %(work)s.")
                     % {"usage": match.title, "work": match.work.title})
    return _after_decision(request, match)


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_unidentifiable(request, pk: int):
    match = identification.mark_unidentifiable(match_id=pk, user=request.user)
    messages.success(request, _("Usage “%(usage)s” marked as not in the repertoire.") % {"usage": match.title})
    return _after_decision(request, match)
