"""Forms of the work and recording screens: they only collect input; works.services.save_work and
works.related_services.save_recording_rights validate and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightowners.models import InterestedParty
from works.models import ROLE_CHOICES, RecordingContributor, Work


class WorkSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, ISWC, code or writer")}),
    )
    iswc = forms.CharField(label=_("ISWC"), required=False)
    ipi = forms.CharField(label=_("IPI name number"), required=False)


class WorkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    iswc = forms.CharField(label=_("ISWC"), required=False, help_text=_("T-123.456.789-0 or T1234567890"))
    language = forms.CharField(label=_("Language"), max_length=2, required=False, help_text=_("ISO 639-1, e.g. EN"))
    duration = forms.IntegerField(label=_("Duration (seconds)"), required=False, min_value=0)
    version_type = forms.ChoiceField(label=_("Version type"), choices=Work.VersionType.choices)
    submitter_id = forms.CharField(label=_("Submitter work number"), max_length=20, required=False)
    alternate_titles = forms.CharField(
        label=_("Alternate titles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One title per line"),
    )


class ShareForm(forms.Form):
    """One row of the share picture; `origin` is the row's index in the saved picture (keeps its territories)."""

    origin = forms.IntegerField(required=False, widget=forms.HiddenInput)
    party = forms.CharField(label=_("Party (code or IPI)"), max_length=13)
    # A blank first choice, so that the empty extra row of the formset stays unchanged (and is skipped).
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *ROLE_CHOICES])
    pr_share = forms.DecimalField(label=_("PR %"), max_digits=5, decimal_places=2, min_value=0, max_value=100)
    mr_share = forms.DecimalField(label=_("MR %"), max_digits=5, decimal_places=2, min_value=0, max_value=100)
    sr_share = forms.DecimalField(label=_("SR %"), max_digits=5, decimal_places=2, min_value=0, max_value=100)

    def clean_party(self):
        text = self.cleaned_data["party"].strip().upper()
        lookup = {"ipi_name": text.zfill(11)} if text.isdigit() else {"code": text}
        party = InterestedParty.objects.filter(**lookup).first()
        if party is None:
            raise forms.ValidationError(_("No party with code or IPI name number %(value)s"), params={"value": text})
        if party.merged_into_id:
            party = party.merged_into
        return party


ShareFormSet = forms.formset_factory(ShareForm, extra=1, can_delete=True)


class RecordingSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ISRC, title or artist")}),
    )


class PartyField(forms.CharField):
    """A party by its code or IPI name number (a merged duplicate gives the party it was merged into)."""

    def clean(self, value):
        text = super().clean(value).strip().upper()
        if not text:
            return None
        lookup = {"ipi_name": text.zfill(11)} if text.isdigit() else {"code": text}
        party = InterestedParty.objects.filter(**lookup).select_related("merged_into").first()
        if party is None:
            raise forms.ValidationError(_("No party with code or IPI name number %(value)s"), params={"value": text})
        return party.merged_into or party


class ContributorForm(forms.Form):
    party = PartyField(label=_("Performer (code or IPI)"), max_length=13)
    # A blank first choice, so that the empty extra row of the formset stays unchanged (and is skipped).
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *RecordingContributor.Role.choices])
    instrument = forms.CharField(label=_("Instrument or voice"), max_length=80, required=False)


class ProducerShareForm(forms.Form):
    party = PartyField(label=_("Producer (code or IPI)"), max_length=13)
    share = forms.DecimalField(label=_("Ownership (%)"), max_digits=5, decimal_places=2)
    territory = forms.CharField(label=_("Territory (TIS code)"), max_length=4, initial=settings.SOCIETY_TERRITORY)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


ContributorFormSet = forms.formset_factory(ContributorForm, extra=2, can_delete=True)


ProducerShareFormSet = forms.formset_factory(ProducerShareForm, extra=1, can_delete=True)
