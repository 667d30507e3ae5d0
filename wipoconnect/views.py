"""Dashboard and job progress for the live bars."""

from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from distribution.runs.models import DistributionRun, PayoutLine, SuspenseDraw
from distribution.usage.models import Match, UsageReport
from rightowners.models import InterestedParty
from wipoconnect.core.models import Job
from wipoconnect.core.screens import requires
from works.models import Work, unbalanced_works

FINISHED = (Job.Status.SUCCEEDED, Job.Status.FAILED)


def suspense_totals() -> list[dict]:
    """What suspense still holds per account and currency: suspense lines of calculated and approved runs minus
    what adjustment and release runs drew from them (two grouped queries)."""
    lines = (
        PayoutLine.objects.filter(payee_kind=PayoutLine.PayeeKind.SUSPENSE)
        .exclude(run__status=DistributionRun.Status.DRAFT)
        .values_list("payee", "run__currency")
        .annotate(amount=Sum("amount"))
    )
    held = {(account, currency): amount for account, currency, amount in lines}
    draws = SuspenseDraw.objects.values_list("account", "original__currency").annotate(amount=Sum("amount"))
    for account, currency, amount in draws:
        held[(account, currency)] = held.get((account, currency), 0) - amount
    return [{"payee": a, "currency": c, "amount": v} for (a, c), v in sorted(held.items()) if v]


@requires("works.view_work")
def dashboard(request):
    review = Match.objects.filter(status=Match.Status.REVIEW).aggregate(lines=Sum("line_count"))
    context = {
        "work_count": Work.objects.count(),
        "party_count": InterestedParty.objects.filter(merged_into=None).count(),
        "report_count": UsageReport.objects.count(),
        "run_count": DistributionRun.objects.count(),
        "review_keys": Match.objects.filter(status=Match.Status.REVIEW).count(),
        "review_lines": review["lines"] or 0,
        "unbalanced_count": unbalanced_works().count(),
        "unbalanced": unbalanced_works()[:8],
        "no_ipi_count": InterestedParty.objects.filter(merged_into=None, ipi_name=None).count(),
        "suspense": suspense_totals(),
        "running": Job.objects.exclude(status__in=FINISHED)[:10],
        "jobs": Job.objects.filter(status__in=FINISHED)[:10],
        "runs": DistributionRun.objects.all()[:5],
    }
    return render(request, "dashboard.html", context)


@requires("wipoconnect.view_job")
def job_progress(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.status in FINISHED,
            "error": job.error,
        }
    )
