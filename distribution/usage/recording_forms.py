"""Forms of the related-rights screens: they collect input; works.related_services and distribution.runs.related
validate and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from distribution.models import UsageReport
from distribution.runs.forms import RunParametersForm
from rightowners.models import InterestedParty
from works.models_related import RecordingContributor


class RecordingSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("ISRC, title or artist")}))  # fmt: skip


class RecordingPickForm(forms.Form):
    q = forms.CharField(label=_("Search another recording"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("ISRC, title or artist")}))  # fmt: skip


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


class RelatedRunForm(RunParametersForm):
    """A neighbouring-rights run: the usage reports, the deductions and rules of any run, then the split of each
    recording's amount between producers and performers, and of the performers' part between the two groups."""

    reports = forms.ModelMultipleChoiceField(
        label=_("Usage reports"), queryset=UsageReport.objects.order_by("-period_end", "-id"),
        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    producers = forms.DecimalField(
        label=_("Producers' part (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=50,
        help_text=_("of each recording's amount; the rest goes to performers"),
    )
    featured_weight = forms.DecimalField(
        label=_("Weight of featured performers"),
        min_value=0,
        decimal_places=2,
        max_digits=8,
        initial=1,
        help_text=_("main and featured artists"),
    )
    non_featured_weight = forms.DecimalField(label=_("Weight of non-featured performers"), min_value=0,
                                             decimal_places=2, max_digits=8, initial=1,
                                             help_text=_("session musicians, backing vocalists"))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].initial = settings.SOCIETY_TERRITORY
        self.fields["admin"].initial = 0
        self.fields["social"].initial = 0

    def clean(self):
        data = super().clean()
        if data.get("featured_weight") == 0 and data.get("non_featured_weight") == 0:
            self.add_error("non_featured_weight", _("The two performer weights cannot both be 0."))
        return data

    def parameters(self) -> dict:
        """The job's parameters for run_related_distribution (amounts and percentages as text)."""
        d = self.cleaned_data
        return {
            "name": d["name"], "report_ids": [r.pk for r in d["reports"]], "gross": str(d["gross"]),
            "currency": d["currency"], "admin": str(d["admin"]), "social": str(d["social"]),
            "territory": d["territory"], "weighting": d["weighting"], "threshold": str(d["threshold"]),
            "producers": str(d["producers"]), "featured_weight": str(d["featured_weight"]),
            "non_featured_weight": str(d["non_featured_weight"]),
        }  # fmt: skip
