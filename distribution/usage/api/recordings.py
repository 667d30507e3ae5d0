"""Identification of usage to recordings (related rights): the recording review queue and its decisions."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from distribution.usage.api.views import DecisionViewSet, decision_schema
from distribution.usage.filtersets import RecordingMatchFilterSet
from distribution.usage.models import RecordingMatch, UsageReport
from distribution.usage.recordings import RECORDINGS, identify_recordings


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
            "id",
            "report",
            "key",
            "title",
            "artist",
            "isrc",
            "plays",
            "lines",
            "recording",
            "recording_isrc",
            "recording_title",
            "method",
            "score",
            "status",
            "candidates",
            "decided_at",
        ]
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


@decision_schema(RecordingMatchSerializer, AcceptRecordingSerializer, "recording")
class RecordingMatchViewSet(DecisionViewSet):
    """Usage keys identified to recordings; `?status=review` is the recording review queue."""

    target = RECORDINGS
    queryset = RecordingMatch.objects.select_related("match", "recording").order_by("-match__plays", "id")
    serializer_class = RecordingMatchSerializer
    accept_serializer_class = AcceptRecordingSerializer
    filterset_class = RecordingMatchFilterSet

    @extend_schema(request=IdentifyRecordingsSerializer, responses=IdentifiedSerializer)
    @action(detail=False, methods=["post"])
    def identify(self, request):
        """Identify a usage report's keys to recordings (again: staff decisions are kept); counts of lines."""
        form = IdentifyRecordingsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = form.validated_data["report"]
        counts = identify_recordings(report=report)
        return Response(
            {"report": report.pk, "auto": counts.auto, "review": counts.review, "unidentified": counts.unidentified}
        )
