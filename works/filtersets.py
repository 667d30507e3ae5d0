import re

import django_filters
from django.db.models import Q

from works.models import Recording, RecordingContributor, RelatedRightsProfile, Work


def compact_iswc(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


class WorkFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="title, ISWC, code or writer")
    title = django_filters.CharFilter(method="by_title")
    iswc = django_filters.CharFilter(method="by_iswc")
    ipi = django_filters.CharFilter(method="by_ipi", label="IPI name number of a writer or publisher")
    party = django_filters.CharFilter(field_name="shares__party__code", distinct=True)
    society = django_filters.CharFilter(
        field_name="shares__party__memberships__society__code", distinct=True, label="society of a right owner"
    )

    class Meta:
        model = Work
        fields = ["code", "submitter_id", "version_type", "language"]

    def by_title(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(alternate_titles__title__icontains=value)).distinct()

    def by_iswc(self, queryset, name, value):
        return queryset.filter(iswc=compact_iswc(value))

    def by_ipi(self, queryset, name, value):
        return queryset.filter(shares__party__ipi_name=value.strip().zfill(11)).distinct()

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(alternate_titles__title__icontains=value)
            | Q(iswc=compact_iswc(value))
            | Q(code=value.upper())
            | Q(shares__party__last_name__icontains=value)
            | Q(shares__party__ipi_name=value.zfill(11) if value.isdigit() else value)
        ).distinct()


class RecordingFilterSet(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    artist = django_filters.CharFilter(lookup_expr="icontains")
    work = django_filters.CharFilter(field_name="work__code")

    class Meta:
        model = Recording
        fields = ["isrc"]


class RecordingRightsFilterSet(django_filters.FilterSet):
    isrc = django_filters.CharFilter(method="by_isrc")
    party = django_filters.CharFilter(method="by_party", label="code of a performer or producer")
    role = django_filters.ChoiceFilter(
        field_name="contributors__role", choices=RecordingContributor.Role.choices, distinct=True
    )
    work = django_filters.CharFilter(field_name="work_links__work__code", distinct=True)

    class Meta:
        model = Recording
        fields = ["title", "artist"]

    def by_isrc(self, queryset, name, value):
        return queryset.filter(isrc=value.replace("-", "").strip().upper())

    def by_party(self, queryset, name, value):
        code = value.strip().upper()
        performers = queryset.filter(contributors__party__code=code)
        return (performers | queryset.filter(producer_shares__party__code=code)).distinct()


class RelatedProfileFilterSet(django_filters.FilterSet):
    party = django_filters.CharFilter(field_name="party__code")

    class Meta:
        model = RelatedRightsProfile
        fields = ["ipn", "label_code", "dpid"]
