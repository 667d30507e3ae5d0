"""Forms of the usage and distribution screens: they collect input, the services validate and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from distribution.models import DistributionRun, UsageReport
from distribution.usage.matching.readers import FORMATS
from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.core import money
from wipoconnect.core.territories import normalize_tis

MAX_DECIMALS = max(money.EXPONENTS.values())

FORMAT_CHOICES = [("", _("From the file name")), *[(f, f.upper()) for f in FORMATS]]


def _territory(value: str) -> str:
    try:
        return normalize_tis(value)
    except ValueError:
        raise forms.ValidationError(_("Unknown TIS territory code %(value)s"), params={"value": value}) from None


class UsageUploadForm(forms.Form):
    file = forms.FileField(label=_("Usage report file"), help_text=_("CSV, Excel (XLSX) or DDEX DSR"))
    source = forms.CharField(label=_("Source (licensee)"), max_length=120)
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    right_type = forms.ChoiceField(label=_("Right type"), choices=RIGHT_TYPE_CHOICES[:2])
    territory = forms.CharField(label=_("Territory (TIS code)"), max_length=4, initial=settings.SOCIETY_TERRITORY)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)

    def clean_territory(self):
        return _territory(self.cleaned_data["territory"])

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class WorkPickForm(forms.Form):
    q = forms.CharField(label=_("Search another work"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Title, ISWC, code or writer")}))


class RunReportsForm(forms.Form):
    """Wizard step 1: the reports of the run (one right type)."""

    right_type = forms.ChoiceField(label=_("Right type"), choices=RIGHT_TYPE_CHOICES[:2])
    reports = forms.ModelMultipleChoiceField(
        label=_("Usage reports"), queryset=UsageReport.objects.order_by("-period_end", "-id"),
        widget=forms.CheckboxSelectMultiple)

    def clean(self):
        data = super().clean()
        right, reports = data.get("right_type"), data.get("reports") or []
        wrong = [str(r.pk) for r in reports if r.right_type != right]
        if right and wrong:
            message = _("Reports %(ids)s are not of the chosen right type.") % {"ids": ", ".join(wrong)}
            self.add_error("reports", message)
        return data


class RunParametersForm(forms.Form):
    """Wizard step 2: money and rules; amounts in currency units with no more decimals than the currency has."""

    name = forms.CharField(label=_("Name"), max_length=120)
    territory = forms.CharField(label=_("Territory (TIS code)"), max_length=4, initial=settings.SOCIETY_TERRITORY)
    gross = forms.DecimalField(label=_("Gross amount"), min_value=0, decimal_places=MAX_DECIMALS, max_digits=18)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial=settings.CURRENCY)
    admin = forms.DecimalField(label=_("Administration deduction (%)"), min_value=0, max_value=100,
                               decimal_places=2, initial=15)
    social = forms.DecimalField(label=_("Social and cultural deduction (%)"), min_value=0, max_value=100,
                                decimal_places=2, initial=10)
    weighting = forms.ChoiceField(label=_("Weighting"), choices=DistributionRun.Weighting.choices)
    threshold = forms.DecimalField(label=_("Minimum payment"), min_value=0, decimal_places=MAX_DECIMALS,
                                   max_digits=18, initial=0)

    def clean_territory(self):
        return _territory(self.cleaned_data["territory"])

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean(self):
        data = super().clean()
        if (data.get("admin") or 0) + (data.get("social") or 0) > 100:
            self.add_error("social", _("Deductions may not exceed 100 % together."))
        for field in ("gross", "threshold"):
            if data.get(field) is not None and data.get("currency"):
                try:
                    money.parse_minor(str(data[field]), data["currency"], str(self.fields[field].label))
                except money.MoneyError as exc:
                    self.add_error(field, str(exc))
        return data
