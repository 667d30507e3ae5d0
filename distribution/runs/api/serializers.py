"""Serializers of distribution runs: amounts in minor units out, currency units in (no more decimals than the
currency has: the service checks them)."""

from rest_framework import serializers

from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.models import UsageReport
from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.core.models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = ["id", "kind", "status", "done", "total", "percent", "error", "started_at", "finished_at"]
        read_only_fields = fields


class DistributionRunSerializer(serializers.ModelSerializer):
    job = JobSerializer(read_only=True)

    class Meta:
        model = DistributionRun
        fields = [
            "id",
            "name",
            "status",
            "right_type",
            "territory",
            "currency",
            "gross",
            "admin_percent",
            "social_percent",
            "weighting",
            "threshold",
            "reports",
            "admin_amount",
            "social_amount",
            "net_amount",
            "job",
            "created_at",
            "calculated_at",
            "approved_at",
        ]
        read_only_fields = fields


class CreateRunSerializer(serializers.Serializer):
    """What run_distribution takes: gross and threshold in currency units, percentages with at most 2 decimals."""

    name = serializers.CharField(max_length=120)
    reports = serializers.PrimaryKeyRelatedField(queryset=UsageReport.objects.all(), many=True)
    right_type = serializers.ChoiceField(choices=RIGHT_TYPE_CHOICES)
    territory = serializers.CharField(max_length=4, required=False)
    gross = serializers.CharField(help_text="currency units, e.g. 1000.00")
    currency = serializers.CharField(max_length=3, required=False)
    admin_percent = serializers.CharField(default="0")
    social_percent = serializers.CharField(default="0")
    weighting = serializers.ChoiceField(choices=DistributionRun.Weighting.values, default="plays")
    threshold = serializers.CharField(default="0", help_text="minimum payment to a member, currency units")


class PayoutLineSerializer(serializers.ModelSerializer):
    work = serializers.CharField(source="work_key")
    title = serializers.CharField(source="work.title", default="", read_only=True)

    class Meta:
        model = PayoutLine
        fields = ["id", "payee_kind", "payee", "work", "title", "roles", "share", "weight", "amount"]
        read_only_fields = fields
