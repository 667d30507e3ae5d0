import django_filters
from django.db.models import Q

from rightowners.models import InterestedParty, Society


class SocietyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="code or name")

    class Meta:
        model = Society
        fields = ["code"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code=value) | Q(name__icontains=value))


class InterestedPartyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name, code or IPI")
    name = django_filters.CharFilter(method="by_name")
    ipi = django_filters.CharFilter(method="by_ipi", label="IPI name number")
    society = django_filters.CharFilter(field_name="memberships__society__code", distinct=True)

    class Meta:
        model = InterestedParty
        fields = ["kind", "code", "ipi_base", "isni"]

    def by_name(self, queryset, name, value):
        return queryset.filter(Q(last_name__icontains=value) | Q(first_name__icontains=value))

    def by_ipi(self, queryset, name, value):
        return queryset.filter(ipi_name=value.strip().zfill(11))

    def search(self, queryset, name, value):
        value = value.strip()
        ipi = value.zfill(11) if value.isdigit() else value
        return queryset.filter(
            Q(last_name__icontains=value) | Q(first_name__icontains=value) | Q(code=value.upper()) | Q(ipi_name=ipi)
        )
