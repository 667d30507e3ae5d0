"""Neighbouring-rights runs through the API: created and calculated as a job (202 while queued)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from distribution.runs.api.serializers import JobSerializer
from distribution.runs.models import DistributionRun
from distribution.runs.tasks import RELATED_RUN_JOB, start_related_run
from distribution.usage.models import UsageReport
from wipoconnect.core.models import Job


class CreateRelatedRunSerializer(serializers.Serializer):
    """What run_related_distribution takes: gross and threshold in currency units, percentages and weights as
    decimals."""

    name = serializers.CharField(max_length=120)
    reports = serializers.PrimaryKeyRelatedField(queryset=UsageReport.objects.all(), many=True)
    gross = serializers.CharField(help_text="currency units, e.g. 1000.00")
    currency = serializers.CharField(max_length=3, required=False)
    territory = serializers.CharField(max_length=4, required=False, help_text="TIS code; default SOCIETY_TERRITORY")
    admin_percent = serializers.CharField(default="0")
    social_percent = serializers.CharField(default="0")
    weighting = serializers.ChoiceField(choices=DistributionRun.Weighting.choices, default="plays")
    threshold = serializers.CharField(default="0", help_text="minimum payment to a member, currency units")
    producers = serializers.CharField(default="50", help_text="producers' percent of each recording's amount")
    featured_weight = serializers.CharField(default="1", help_text="weight of the main and featured artists")
    non_featured_weight = serializers.CharField(default="1", help_text="weight of the non-featured performers")


class RelatedRunJobSerializer(serializers.Serializer):
    job = JobSerializer()
    run = serializers.IntegerField(allow_null=True, help_text="the run, once its job has succeeded")


class RelatedRunPermissions(BasePermission):
    """Starting a run needs the permission to add runs; following one, to view them."""

    def has_permission(self, request, view) -> bool:
        perm = "view" if request.method in SAFE_METHODS else "add"
        return request.user.has_perm(f"distribution.{perm}_distributionrun")


def _job_answer(job: Job) -> dict:
    return {"job": JobSerializer(job).data, "run": (job.result or {}).get("run")}


class RelatedRunViewSet(viewsets.GenericViewSet):
    """Neighbouring-rights runs as jobs: POST starts one (on the Celery workers; in the request without a broker),
    GET `related-runs/{job id}/` follows it; the run itself is then under `distribution-runs/`."""

    queryset = Job.objects.filter(kind=RELATED_RUN_JOB)
    serializer_class = RelatedRunJobSerializer
    permission_classes = [RelatedRunPermissions]

    @extend_schema(request=CreateRelatedRunSerializer, responses={202: RelatedRunJobSerializer})
    def create(self, request):
        form = CreateRelatedRunSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        parameters = {
            "name": d["name"],
            "report_ids": [r.pk for r in d["reports"]],
            "gross": d["gross"],
            "currency": d.get("currency") or settings.CURRENCY,
            "admin": d["admin_percent"],
            "social": d["social_percent"],
            "territory": d.get("territory") or None,
            "weighting": d["weighting"],
            "threshold": d["threshold"],
            "producers": d["producers"],
            "featured_weight": d["featured_weight"],
            "non_featured_weight": d["non_featured_weight"],
        }
        job = start_related_run(parameters, user=request.user)
        return Response(_job_answer(job), status=status.HTTP_202_ACCEPTED)

    def retrieve(self, request, pk=None):
        return Response(_job_answer(self.get_object()))
