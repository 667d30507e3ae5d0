import django_filters

from distribution.licensing.models import (
    CollectionPool,
    Declaration,
    Invoice,
    LicenceAgreement,
    Licensee,
    Payment,
    Tariff,
)


class LicenseeFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Licensee
        fields = ["code", "kind", "territory"]


class TariffFilterSet(django_filters.FilterSet):
    class Meta:
        model = Tariff
        fields = ["code", "currency"]


class LicenceAgreementFilterSet(django_filters.FilterSet):
    class Meta:
        model = LicenceAgreement
        fields = ["licensee", "territory", "tariff_code"]


class DeclarationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Declaration
        fields = ["agreement", "agreement__licensee", "period_start", "period_end"]


class InvoiceFilterSet(django_filters.FilterSet):
    """Needs a queryset annotated with `open_amount` (receivables.with_open_amount)."""

    open = django_filters.BooleanFilter(method="by_open", label="only invoices with money still open")
    overdue = django_filters.DateFilter(method="by_overdue", label="open invoices due before this date")

    class Meta:
        model = Invoice
        fields = ["number", "kind", "licensee", "agreement", "licensee_kind", "currency", "cancelled"]

    def by_open(self, queryset, name, value):
        return queryset.filter(open_amount__gt=0, kind="invoice") if value else queryset.filter(open_amount__lte=0)

    def by_overdue(self, queryset, name, value):
        return queryset.filter(open_amount__gt=0, kind="invoice", due_on__lt=value)


class PaymentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Payment
        fields = ["licensee", "currency", "source", "received_on"]


class CollectionPoolFilterSet(django_filters.FilterSet):
    class Meta:
        model = CollectionPool
        fields = ["source", "right_type", "territory", "currency", "period_start", "period_end"]
