"""Identification of usage to recordings (related rights): the recording review queue and its decisions."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from distribution.models import DistributionRun
from distribution.runs.api.serializers import JobSerializer
from distribution.usage import recordings as related_identification
from distribution.usage.api.views import ChangePermissions
from distribution.usage.filtersets import RecordingMatchFilterSet
from distribution.usage.models import UsageReport
from distribution.usage.recording_models import RecordingMatch
from distribution.usage.recording_tasks import RELATED_RUN_JOB, start_related_run
from wipoconnect.core.models import Job


class RecordingMatchSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="match.report_id", read_only=True)
    key = serializers.CharField(source="match.key", read_only=True)
    title = serializers.CharField(source="match.title", read_only=True)
    artist = serializers.CharField(source="match.artist", read_only=True)
    isrc = serializers.CharField(source="match.isrc", read_only=True)
    plays = serializers.IntegerField(source="match.plays", read_only=True)
    lines = serializers.IntegerField(source="match.line_count", read_only=True)
    recording_isrc = serializers.CharField(source="recording.isrc", read_only=True, default=None)
    recording_title = serializers.CharField(source="recording.title", read_only=True, default=None)

    class Meta:
        model = RecordingMatch
        fields = [
            "id", "report", "key", "title", "artist", "isrc", "plays", "lines", "recording", "recording_isrc",
            "recording_title", "method", "score", "status", "candidates", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class AcceptRecordingSerializer(serializers.Serializer):
    recording = serializers.IntegerField(required=False, help_text="a recording id; default: the best candidate")


class IdentifyRecordingsSerializer(serializers.Serializer):
    report = serializers.PrimaryKeyRelatedField(queryset=UsageReport.objects.all())


class IdentifiedSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    auto = serializers.IntegerField(help_text="lines")
    review = serializers.IntegerField()
    unidentified = serializers.IntegerField()


class RecordingMatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Usage keys identified to recordings; `?status=review` is the recording review queue."""

    queryset = RecordingMatch.objects.select_related("match", "recording").order_by("-match__plays", "id")
    serializer_class = RecordingMatchSerializer
    filterset_class = RecordingMatchFilterSet
    permission_classes = [ChangePermissions]

    @extend_schema(request=IdentifyRecordingsSerializer, responses=IdentifiedSerializer)
    @action(detail=False, methods=["post"])
    def identify(self, request):
        """Identify a usage report's keys to recordings (again: staff decisions are kept); counts of lines."""
        form = IdentifyRecordingsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = form.validated_data["report"]
        counts = related_identification.identify_recordings(report=report)
        return Response({"report": report.pk, "auto": counts.auto, "review": counts.review,
                         "unidentified": counts.unidentified})  # fmt: skip

    @extend_schema(request=AcceptRecordingSerializer, responses=RecordingMatchSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Confirm the best candidate, another one, or any recording (`recording`); remembered for later reports."""
        form = AcceptRecordingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        found = related_identification.accept_recording(
            recording_match_id=self.get_object().pk, recording_id=form.validated_data.get("recording"),
            user=request.user,
        )  # fmt: skip
        return Response(RecordingMatchSerializer(found).data)

    @extend_schema(request=None, responses=RecordingMatchSerializer)
    @action(detail=True, methods=["post"])
    def unidentifiable(self, request, pk=None):
        """The usage is of no recording of the repertoire; remembered for later reports."""
        found = related_identification.mark_recording_unidentifiable(
            recording_match_id=self.get_object().pk, user=request.user
        )
        return Response(RecordingMatchSerializer(found).data)


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
            "name": d["name"], "report_ids": [r.pk for r in d["reports"]], "gross": d["gross"],
            "currency": d.get("currency") or settings.CURRENCY, "admin": d["admin_percent"],
            "social": d["social_percent"], "territory": d.get("territory") or None, "weighting": d["weighting"],
            "threshold": d["threshold"], "producers": d["producers"], "featured_weight": d["featured_weight"],
            "non_featured_weight": d["non_featured_weight"],
        }  # fmt: skip
        job = start_related_run(parameters, user=request.user)
        return Response(_job_answer(job), status=status.HTTP_202_ACCEPTED)

    def retrieve(self, request, pk=None):
        return Response(_job_answer(self.get_object()))
