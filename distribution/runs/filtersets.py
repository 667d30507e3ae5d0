import django_filters

from distribution.runs.models import Claim, DistributionRun


class DistributionRunFilterSet(django_filters.FilterSet):
    class Meta:
        model = DistributionRun
        fields = ["status", "right_type", "currency"]


class ClaimFilterSet(django_filters.FilterSet):
    class Meta:
        model = Claim
        fields = ["run", "account", "status", "work", "claimant"]
