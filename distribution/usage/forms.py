"""Forms of the usage screens: they collect input, the services validate and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from distribution.usage.matching.readers import FORMATS
from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.core.territories import normalize_tis

FORMAT_CHOICES = [("", _("From the file name")), *[(f, f.upper()) for f in FORMATS]]


class UsageUploadForm(forms.Form):
    file = forms.FileField(label=_("Usage report file"), help_text=_("CSV, Excel (XLSX) or DDEX DSR"))
    source = forms.CharField(label=_("Source (licensee)"), max_length=120)
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    right_type = forms.ChoiceField(label=_("Right type"), choices=RIGHT_TYPE_CHOICES[:2])
    territory = forms.CharField(label=_("Territory (TIS code)"), max_length=4, initial=settings.SOCIETY_TERRITORY)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)

    def clean_territory(self):
        return clean_tis(self.cleaned_data["territory"])

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class WorkPickForm(forms.Form):
    q = forms.CharField(
        label=_("Search another work"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, ISWC, code or writer")}),
    )


class RecordingPickForm(forms.Form):
    q = forms.CharField(
        label=_("Search another recording"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ISRC, title or artist")}),
    )


def clean_tis(value: str) -> str:
    try:
        return normalize_tis(value)
    except ValueError:
        raise forms.ValidationError(_("Unknown TIS territory code %(value)s"), params={"value": value}) from None
