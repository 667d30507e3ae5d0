"""Admin screens of licensing and collection. Licensees, tariffs and agreements are saved through the services;
invoices, payments and pools are shown read-only (they are issued, matched and drawn by services, commands and the
API, never edited by hand)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from distribution.licensing import receivables
from distribution.licensing import services as collection
from distribution.licensing.models import (
    CollectionPool,
    Invoice,
    InvoiceLine,
    LicenceAgreement,
    Licensee,
    Payment,
    PaymentAllocation,
    PoolDraw,
    Tariff,
)


class ServiceSaveAdmin(admin.ModelAdmin):
    """Saves through a service; its validation errors are shown on the page."""

    exclude = ["created_at"]

    def call_service(self, request, obj, form, change):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            saved = self.call_service(request, obj, form, change)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            raise
        obj.pk = saved.pk


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Licensee)
class LicenseeAdmin(ServiceSaveAdmin):
    list_display = ["code", "name", "kind", "territory", "email"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "tax_id"]
    readonly_fields = ["code"]

    def call_service(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in collection.LICENSEE_FIELDS if name in form.cleaned_data}
        current = Licensee.objects.get(pk=obj.pk) if change else None
        return collection.save_licensee(licensee=current, fields=fields, user=request.user)


@admin.register(Tariff)
class TariffAdmin(ServiceSaveAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "currency", "flat_fee", "revenue_percent", "minimum_fee"]
    list_filter = ["code", "currency"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # versions are added, not edited

    def call_service(self, request, obj, form, change):
        return collection.create_tariff(fields=dict(form.cleaned_data), user=request.user)


@admin.register(LicenceAgreement)
class AgreementAdmin(ServiceSaveAdmin):
    list_display = ["reference", "licensee", "rights", "territory", "valid_from", "valid_to", "tariff_code"]
    search_fields = ["reference", "licensee__name", "licensee__code"]
    autocomplete_fields = ["licensee"]

    def call_service(self, request, obj, form, change):
        current = LicenceAgreement.objects.get(pk=obj.pk) if change else None
        return collection.save_agreement(agreement=current, fields=dict(form.cleaned_data), user=request.user)


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["position", "kind", "description", "calculation", "amount"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "licensee", "period_start", "period_end", "total", "open_amount", "due_on"]
    list_filter = ["kind", "licensee_kind", "cancelled", "currency"]
    search_fields = ["number", "licensee__name", "licensee__code"]
    inlines = [InvoiceLineInline]

    def get_queryset(self, request):
        return receivables.with_open_amount(super().get_queryset(request).select_related("licensee"))

    @admin.display(description="open")
    def open_amount(self, obj):
        return obj.open_amount if obj.kind == Invoice.Kind.INVOICE else 0


class AllocationInline(ReadOnlyInline):
    model = PaymentAllocation
    fields = ["invoice", "amount", "method"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["received_on", "amount", "currency", "licensee", "payer", "reference", "unallocated"]
    list_filter = ["currency", "source"]
    search_fields = ["reference", "payer", "licensee__name"]
    inlines = [AllocationInline]

    def get_queryset(self, request):
        return receivables.with_unallocated(super().get_queryset(request).select_related("licensee"))

    @admin.display(description="unallocated")
    def unallocated(self, obj):
        return obj.unallocated


class DrawInline(ReadOnlyInline):
    model = PoolDraw
    fields = ["run", "amount", "created_at"]


@admin.register(CollectionPool)
class CollectionPoolAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "source",
        "right_type",
        "territory",
        "period_start",
        "period_end",
        "collected",
        "distributed",
        "remaining",
    ]
    list_filter = ["source", "right_type", "currency"]
    inlines = [DrawInline]
