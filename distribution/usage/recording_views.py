"""Related-rights screens of usage: each report's identification to recordings (its review screens are
review_views, with the works'), and the recording screen's panel of usage. They call the services and show their
jobs' progress; they never compute money."""

from dataclasses import asdict

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render

from distribution.usage.identification import IDENTIFIED, counts_by_report
from distribution.usage.models import Match, RecordingMatch, UsageReport
from distribution.usage.recordings import RECORDINGS
from wipoconnect.core.models import Job
from wipoconnect.core.screens import requires
from works.recording_views import PAGE_SIZE


def report_counts(report_ids: list[int]) -> dict[int, dict[str, int]]:
    """Lines per recording outcome for each report, and whether it was identified to recordings at all."""
    return {
        pk: {**asdict(counts), "identified_at_all": counts.started}
        for pk, counts in counts_by_report(RECORDINGS, report_ids).items()
    }


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
    job = Job.objects.filter(pk=job_id, kind=RECORDINGS.job_kind).first() if (job_id or "").isdigit() else None
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


def recording_usage(request, recording) -> dict:
    """Panel of the recording screen: how much usage was identified to it."""
    usage = RecordingMatch.objects.filter(recording=recording, status__in=IDENTIFIED).aggregate(
        keys=Count("id"), plays=Sum("match__plays")
    )
    return {"usage": usage}
