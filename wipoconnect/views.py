from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from distribution.models import Match, UsageReport
from rightowners.models import InterestedParty
from wipoconnect.models import Job
from works.models import Work


@login_required
def dashboard(request):
    context = {
        "work_count": Work.objects.count(),
        "party_count": InterestedParty.objects.filter(merged_into=None).count(),
        "report_count": UsageReport.objects.count(),
        "review_count": Match.objects.filter(status=Match.Status.REVIEW).count(),
        "jobs": Job.objects.all()[:10],
    }
    return render(request, "dashboard.html", context)
