"""Related-rights screens: recordings with their performers and producers (edit through the related-rights
services), identification of a usage report to recordings with its review queue, and neighbouring-rights runs
started as jobs. They call the services and show their jobs' progress; they never compute money."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distribution.models import Match, UsageReport
from distribution.usage import recordings as related_identification
from distribution.usage.filtersets import RecordingMatchFilterSet
from distribution.usage.forms import RecordingPickForm
from distribution.usage.identification import IDENTIFIED
from distribution.usage.recording_models import RecordingMatch
from distribution.usage.recording_review import bulk_review_recordings
from distribution.usage.recording_tasks import IDENTIFY_RECORDINGS_JOB, start_identification
from wipoconnect.core.models import Job
from wipoconnect.core.screens import query_without_page, requires, safe_next
from works.models import Recording
from works.recording_views import PAGE_SIZE, search_recordings

# Identification of usage reports to recordings


def report_counts(report_ids: list[int]) -> dict[int, dict[str, int]]:
    """Lines per recording outcome for each report, in one grouped query (keys never identified to recordings
    count as unidentified)."""
    rows = (
        Match.objects.filter(report_id__in=report_ids)
        .values_list("report_id", "recording_match__status")
        .annotate(lines=Sum("line_count"))
        .order_by()
    )
    counts = {pk: {"auto": 0, "review": 0, "unidentified": 0, "identified_at_all": 0} for pk in report_ids}
    for report_id, status, lines in rows:
        bucket = counts[report_id]
        if status in IDENTIFIED:
            bucket["auto"] += lines or 0
        elif status == Match.Status.REVIEW:
            bucket["review"] += lines or 0
        else:
            bucket["unidentified"] += lines or 0
        bucket["identified_at_all"] += bool(status)
    return counts


@requires("distribution.view_usagereport", "distribution.view_recordingmatch")
def report_list(request):
    page = Paginator(UsageReport.objects.order_by("-period_end", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = report_counts([r.pk for r in page])
    rows = [{"report": r, **counts[r.pk]} for r in page]
    return render(request, "related/reports.html", {"page": page, "rows": rows, "query": ""})


@requires("distribution.view_usagereport", "distribution.view_recordingmatch")
def report_detail(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job_id = request.GET.get("job")
    job = Job.objects.filter(pk=job_id, kind=IDENTIFY_RECORDINGS_JOB).first() if (job_id or "").isdigit() else None
    by_status = dict(
        RecordingMatch.objects.filter(match__report=report).values_list("status").annotate(n=Count("id")).order_by()
    )
    context = {
        "report": report,
        "counts": report_counts([report.pk])[report.pk],
        "statuses": [(label, by_status.get(value, 0), value) for value, label in Match.Status.choices],
        "job": job,
    }
    return render(request, "related/report.html", context)


@require_POST
@requires("distribution.view_usagereport", "distribution.change_recordingmatch")
def report_identify(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job = start_identification(report, user=request.user)
    return redirect(f"{reverse('related:report', args=[report.pk])}?job={job.pk}")


# Recording review queue


def _queue(request):
    return RecordingMatchFilterSet(request.GET, queryset=related_identification.review_queue()).qs


@requires("distribution.view_recordingmatch")
def review_queue(request):
    page = Paginator(_queue(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "related/review.html", {"page": page, "query": query_without_page(request)})


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_bulk(request):
    ids = [int(i) for i in request.POST.getlist("match") if i.isdigit()]
    if not ids:
        messages.warning(request, _("Select at least one usage key."))
    else:
        try:
            count = bulk_review_recordings(ids=ids, action=request.POST.get("action", ""), user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s usage keys decided.") % {"count": count})
    return redirect(safe_next(request) or "related:review")




@requires("distribution.view_recordingmatch")
def review_match(request, pk: int):
    found = get_object_or_404(RecordingMatch.objects.select_related("match", "recording"), pk=pk)
    listed = Recording.objects.in_bulk([c["recording"] for c in found.candidates])
    candidates = [{**c, "obj": listed.get(c["recording"])} for c in found.candidates]
    results = []
    if request.GET.get("q"):
        results = search_recordings(Recording.objects.all(), request.GET["q"]).order_by("title", "id")[:10]
    context = {
        "found": found,
        "match": found.match,
        "candidates": candidates,
        "lines": found.match.lines.all()[:10],
        "pick": RecordingPickForm(request.GET or None),
        "results": results,
        "next_match": _queue(request).exclude(pk=found.pk).first(),
    }
    return render(request, "related/match.html", context)


def _after_decision(found: RecordingMatch):
    following = related_identification.review_queue().filter(match__report_id=found.match.report_id).first()
    return redirect("related:match", following.pk) if following else redirect("related:review")


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_accept(request, pk: int):
    recording_id = request.POST.get("recording") or ""
    try:
        found = related_identification.accept_recording(
            recording_match_id=pk, recording_id=int(recording_id) if recording_id.isdigit() else None,
            user=request.user,
        )  # fmt: skip
    except (ValidationError, RecordingMatch.DoesNotExist) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("related:match", pk)
    messages.success(request, _("Usage “%(usage)s” identified as recording %(recording)s.")
                     % {"usage": found.match.title, "recording": found.recording.title})  # fmt: skip
    return _after_decision(found)


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_unidentifiable(request, pk: int):
    get_object_or_404(RecordingMatch, pk=pk)
    found = related_identification.mark_recording_unidentifiable(recording_match_id=pk, user=request.user)
    messages.success(request, _("Usage “%(usage)s” marked as no recording of the repertoire.")
                     % {"usage": found.match.title})  # fmt: skip
    return _after_decision(found)


# Neighbouring-rights runs


def recording_usage(request, recording) -> dict:
    """Panel of the recording screen: how much usage was identified to it."""
    usage = RecordingMatch.objects.filter(recording=recording, status__in=IDENTIFIED).aggregate(
        keys=Count("id"), plays=Sum("match__plays")
    )
    return {"usage": usage}
