import django_filters

from exchange.models import CwrFile


class CwrFileFilterSet(django_filters.FilterSet):
    class Meta:
        model = CwrFile
        fields = ["direction", "status", "version", "sender"]
