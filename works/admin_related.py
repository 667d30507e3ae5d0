"""Admin screens of related rights: a recording's works, performers and producer shares (inlines of the recording,
saved through works.related_services), and performer/producer identifiers."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from works.models import ProducerShare, RecordingContributor, RecordingWork, RelatedRightsProfile
from works.related_services import (
    ContributorData,
    ProducerShareData,
    clean_profile_fields,
    contributor_errors,
    producer_errors,
    save_recording_rights,
    save_related_profile,
)


class _RowsFormSet(forms.BaseInlineFormSet):
    """Rows kept (not deleted, not empty) as the service's plain data; errors of the service shown on the form."""

    def rows(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("party")
        ]


class ContributorFormSet(_RowsFormSet):
    def data_rows(self) -> list[ContributorData]:
        return [ContributorData(r["party"].pk, r["role"], r.get("instrument") or "") for r in self.rows()]

    def clean(self):
        super().clean()
        if errors := contributor_errors(self.data_rows()):
            raise ValidationError([m for messages in errors.values() for m in messages])


class ProducerFormSet(_RowsFormSet):
    def data_rows(self) -> list[ProducerShareData]:
        return [
            ProducerShareData(
                r["party"].pk, r["share"], r.get("territory") or "2136", r.get("valid_from"), r.get("valid_to")
            )
            for r in self.rows()
        ]

    def clean(self):
        super().clean()
        if errors := producer_errors(self.data_rows()):
            raise ValidationError([m for messages in errors.values() for m in messages])


class RecordingWorkInline(admin.TabularInline):
    model = RecordingWork
    extra = 0
    autocomplete_fields = ["work"]
    fields = ["work", "sequence"]


class ContributorInline(admin.TabularInline):
    model = RecordingContributor
    formset = ContributorFormSet
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "role", "instrument"]


class ProducerShareInline(admin.TabularInline):
    model = ProducerShare
    formset = ProducerFormSet
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "share", "territory", "valid_from", "valid_to"]


RECORDING_INLINES = [RecordingWorkInline, ContributorInline, ProducerShareInline]


def save_recording_inlines(model_admin, request, form, formsets, change) -> None:
    """RecordingAdmin.save_related: the rights inlines go through the service, other inlines are saved as usual."""
    by_model = {formset.model: formset for formset in formsets}
    links = by_model.get(RecordingWork)
    works = None
    if links is not None:
        rows = sorted((r.get("sequence") or 0, n, r["work"]) for n, r in enumerate(_work_rows(links)))
        works = [work for _, _, work in rows]
    save_recording_rights(
        recording=form.instance,
        works=works,
        contributors=by_model[RecordingContributor].data_rows() if RecordingContributor in by_model else None,
        producers=by_model[ProducerShare].data_rows() if ProducerShare in by_model else None,
        user=request.user,
    )
    form.save_m2m()
    for formset in formsets:
        if formset.model in (RecordingWork, RecordingContributor, ProducerShare):  # saved above, by the service
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        else:
            model_admin.save_formset(request, form, formset, change)


def _work_rows(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("work")
    ]


class RelatedProfileForm(forms.ModelForm):
    # Wider than the stored forms: staff type `LC 01234` or an IPN with separators; the service normalizes them.
    ipn = forms.CharField(label="IPN", max_length=20, required=False)
    label_code = forms.CharField(label="label code (LC)", max_length=10, required=False)
    dpid = forms.CharField(label="DDEX party id (DPID)", max_length=24, required=False)

    class Meta:
        model = RelatedRightsProfile
        fields = ["party", "ipn", "label_code", "dpid"]

    def clean(self):
        data = super().clean()
        try:
            data.update(
                clean_profile_fields(
                    ipn=data.get("ipn") or "", label_code=data.get("label_code") or "", dpid=data.get("dpid") or ""
                )
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name, messages)
        return data


@admin.register(RelatedRightsProfile)
class RelatedRightsProfileAdmin(admin.ModelAdmin):
    form = RelatedProfileForm
    list_display = ["party", "ipn", "label_code", "dpid"]
    search_fields = ["ipn", "label_code", "dpid", "party__last_name", "party__code"]
    autocomplete_fields = ["party"]
    list_select_related = ["party"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) or "" for name in ("ipn", "label_code", "dpid")}
        saved = save_related_profile(party=form.cleaned_data["party"], user=request.user, **fields)
        obj.pk = saved.pk
