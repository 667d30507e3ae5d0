import django_filters

from distribution.usage.models import Match, RecordingMatch, UsageReport


class UsageReportFilterSet(django_filters.FilterSet):
    class Meta:
        model = UsageReport
        fields = ["source", "right_type", "status", "format"]


class MatchFilterSet(django_filters.FilterSet):
    class Meta:
        model = Match
        fields = ["report", "status", "method", "work"]


class RecordingMatchFilterSet(django_filters.FilterSet):
    report = django_filters.NumberFilter(field_name="match__report")

    class Meta:
        model = RecordingMatch
        fields = ["status", "method", "recording"]
