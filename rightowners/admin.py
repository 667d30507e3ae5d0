from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from rightowners import services
from rightowners.models import Agreement, InterestedParty, Membership, Society


class PartyForm(forms.ModelForm):
    class Meta:
        model = InterestedParty
        fields = list(services.PARTY_FIELDS)

    def clean(self):
        data = super().clean()
        try:
            data.update(services.clean_party_fields(data))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data

    def _post_clean(self):  # uniqueness of the IPI is checked by the service, with a clearer message
        pass


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["society"]


@admin.register(InterestedParty)
class InterestedPartyAdmin(admin.ModelAdmin):
    form = PartyForm
    list_display = ["code", "name", "kind", "ipi_name", "ipi_base", "merged_into"]
    search_fields = ["last_name", "first_name", "code", "ipi_name", "ipi_base", "isni", "native_last_name"]
    list_filter = ["kind", "memberships__society"]
    readonly_fields = ["code", "native_last_name", "native_first_name", "native_language", "merged_into"]
    inlines = [MembershipInline]
    actions = ["merge_selected"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in services.PARTY_FIELDS}
        try:
            saved = services.save_party(
                party=InterestedParty.objects.get(pk=obj.pk) if change else None, fields=fields, user=request.user
            )
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            raise
        obj.pk, obj.code = saved.pk, saved.code

    @admin.action(description="Merge the selected parties into the oldest one")
    def merge_selected(self, request, queryset):
        parties = list(queryset.order_by("created_at", "id"))
        for duplicate in parties[1:]:
            services.merge_parties(keep=parties[0], duplicate=duplicate, user=request.user)
        self.message_user(request, f"{len(parties) - 1} parties merged into {parties[0]}")


@admin.register(Society)
class SocietyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "territory"]
    search_fields = ["code", "name"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = [
        "assignor",
        "acquirer",
        "agreement_type",
        "right_type",
        "territory",
        "excluded",
        "share",
        "valid_from",
        "valid_to",
    ]
    autocomplete_fields = ["assignor", "acquirer"]
