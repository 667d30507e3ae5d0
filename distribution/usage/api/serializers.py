from rest_framework import serializers

from distribution.usage.matching.readers import FORMATS
from distribution.usage.models import Match, UsageRejection, UsageReport
from rightowners.models import RIGHT_TYPE_CHOICES


class UsageReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageReport
        fields = [
            "id",
            "source",
            "filename",
            "format",
            "period_start",
            "period_end",
            "right_type",
            "territory",
            "status",
            "line_count",
            "rejected_count",
            "columns",
            "created_at",
        ]
        read_only_fields = fields


class UsageCountsSerializer(serializers.Serializer):
    auto = serializers.IntegerField(help_text="lines identified automatically or confirmed by staff")
    review = serializers.IntegerField()
    unidentified = serializers.IntegerField(help_text="lines not identified (or marked unidentifiable)")


class UsageReportDetailSerializer(UsageReportSerializer):
    counts = serializers.SerializerMethodField()

    class Meta(UsageReportSerializer.Meta):
        fields = [*UsageReportSerializer.Meta.fields, "counts"]
        read_only_fields = fields

    def get_counts(self, report) -> UsageCountsSerializer:
        from distribution.usage.identification import report_counts

        return UsageCountsSerializer(report_counts(report)).data


class UsageUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    source = serializers.CharField(max_length=120)
    period = serializers.RegexField(r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$", help_text="YYYY-MM-DD..YYYY-MM-DD")
    right_type = serializers.ChoiceField(choices=RIGHT_TYPE_CHOICES)
    territory = serializers.CharField(max_length=4, required=False, help_text="TIS code; default SOCIETY_TERRITORY")
    format = serializers.ChoiceField(choices=FORMATS, required=False)


class JobStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    report = serializers.IntegerField(allow_null=True)
    result = serializers.JSONField()
    error = serializers.CharField()


class UsageRejectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageRejection
        fields = ["line", "field", "message", "raw"]


class CandidateSerializer(serializers.Serializer):
    work = serializers.IntegerField()
    key = serializers.CharField(help_text="ISWC, else work code")
    title = serializers.CharField()
    score = serializers.FloatField()


class MatchSerializer(serializers.ModelSerializer):
    work_key = serializers.CharField(source="work.key", read_only=True, default="")
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "report",
            "key",
            "status",
            "method",
            "score",
            "work",
            "work_key",
            "candidates",
            "title",
            "artist",
            "writers",
            "iswc",
            "isrc",
            "work_ref",
            "line_count",
            "plays",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class AcceptSerializer(serializers.Serializer):
    work = serializers.IntegerField(required=False, help_text="a candidate or any work; default the best candidate")


class BulkReviewSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), max_length=1000)
    action = serializers.ChoiceField(choices=["accept", "unidentifiable"])


class BulkResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
