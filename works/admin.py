"""Staff admin for works. Forms validate with the same rules as the API; saving goes through services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from works import admin_related, services
from works.models import AlternateTitle, Recording, ShareTerritory, Work, WorkShare
from works.share_rules import ShareData, share_errors


class WorkForm(forms.ModelForm):
    iswc = forms.CharField(max_length=20, required=False, label="ISWC")

    class Meta:
        model = Work
        fields = ["title", "iswc", "language", "duration", "version_type", "submitter_id"]

    def clean(self):
        data = super().clean()
        try:
            data.update(services.clean_work_fields(data))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


class AlternateTitleInline(admin.TabularInline):
    model = AlternateTitle
    extra = 0
    fields = ["title", "title_type", "language"]


class ShareFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        errors = share_errors(self.share_data())
        if errors:
            raise ValidationError([f"{field}: {message}" for field, messages in errors.items() for message in messages])

    def share_data(self) -> list[ShareData]:
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            territories = (
                []
                if not form.instance.pk
                else list(
                    form.instance.territories.values(
                        "territory", "included", "pr_collection", "mr_collection", "sr_collection"
                    )
                )
            )
            rows.append(
                ShareData(
                    party_id=data["party"].pk,
                    role=data["role"],
                    pr_share=data.get("pr_share") or 0,
                    mr_share=data.get("mr_share") or 0,
                    sr_share=data.get("sr_share") or 0,
                    chain=data.get("chain"),
                    controlled=data.get("controlled", True),
                    territories=territories,
                )
            )
        return rows


class WorkShareInline(admin.TabularInline):
    model = WorkShare
    formset = ShareFormSet
    fk_name = "work"
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "role", "controlled", "chain", "pr_share", "mr_share", "sr_share"]


class RecordingInline(admin.TabularInline):
    model = Recording
    extra = 0
    fields = ["isrc", "title", "artist", "duration", "label"]


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    form = WorkForm
    list_display = ["code", "title", "iswc", "version_type", "updated_at"]
    search_fields = [
        "title",
        "alternate_titles__title",
        "iswc",
        "code",
        "shares__party__last_name",
        "shares__party__ipi_name",
    ]
    list_filter = ["version_type", "language"]
    readonly_fields = ["code"]
    inlines = [AlternateTitleInline, WorkShareInline, RecordingInline]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in WorkForm.Meta.fields}
        saved = services.save_work(
            work=Work.objects.get(pk=obj.pk) if change else None, fields=fields, user=request.user
        )
        obj.pk, obj.code = saved.pk, saved.code

    def save_related(self, request, form, formsets, change):
        by_model = {formset.model: formset for formset in formsets}
        titles = [
            f.cleaned_data["title"]
            for f in by_model[AlternateTitle].forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("title")
        ]
        work = Work.objects.get(pk=form.instance.pk)
        services.save_work(
            work=work, fields={}, alternate_titles=titles, shares=by_model[WorkShare].share_data(), user=request.user
        )
        for formset in (by_model[AlternateTitle], by_model[WorkShare]):  # saved above, through the service
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        form.save_m2m()
        self.save_formset(request, form, by_model[Recording], change)


@admin.register(ShareTerritory)
class ShareTerritoryAdmin(admin.ModelAdmin):
    list_display = ["share", "sequence", "included", "territory", "pr_collection", "mr_collection", "sr_collection"]
    list_select_related = ["share__party", "share__work"]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ["isrc", "title", "artist", "work"]
    search_fields = ["isrc", "title", "artist"]
    autocomplete_fields = ["work"]
    inlines = admin_related.RECORDING_INLINES  # related rights: works recorded, performers, producers

    def save_related(self, request, form, formsets, change):
        admin_related.save_recording_inlines(self, request, form, formsets, change)
