"""Forms of the run screens (the wizard's reports and parameters, neighbouring-rights runs): they collect input,
the services validate and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from distribution.runs.models import DistributionRun
from distribution.usage.forms import clean_tis
from distribution.usage.models import UsageReport
from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.core import money

MAX_DECIMALS = max(money.EXPONENTS.values())


class RunReportsForm(forms.Form):
    """Wizard step 1: the reports of the run (one right type)."""

    right_type = forms.ChoiceField(label=_("Right type"), choices=RIGHT_TYPE_CHOICES[:2])
    reports = forms.ModelMultipleChoiceField(
        label=_("Usage reports"),
        queryset=UsageReport.objects.order_by("-period_end", "-id"),
        widget=forms.CheckboxSelectMultiple,
    )

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
    admin = forms.DecimalField(
        label=_("Administration deduction (%)"), min_value=0, max_value=100, decimal_places=2, initial=15
    )
    social = forms.DecimalField(
        label=_("Social and cultural deduction (%)"), min_value=0, max_value=100, decimal_places=2, initial=10
    )
    weighting = forms.ChoiceField(label=_("Weighting"), choices=DistributionRun.Weighting.choices)
    threshold = forms.DecimalField(
        label=_("Minimum payment"), min_value=0, decimal_places=MAX_DECIMALS, max_digits=18, initial=0
    )

    def clean_territory(self):
        return clean_tis(self.cleaned_data["territory"])

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


class RelatedRunForm(RunParametersForm):
    """A neighbouring-rights run: the usage reports, the deductions and rules of any run, then the split of each
    recording's amount between producers and performers, and of the performers' part between the two groups."""

    reports = forms.ModelMultipleChoiceField(
        label=_("Usage reports"),
        queryset=UsageReport.objects.order_by("-period_end", "-id"),
        widget=forms.CheckboxSelectMultiple,
    )
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
    non_featured_weight = forms.DecimalField(
        label=_("Weight of non-featured performers"),
        min_value=0,
        decimal_places=2,
        max_digits=8,
        initial=1,
        help_text=_("session musicians, backing vocalists"),
    )

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
            "name": d["name"],
            "report_ids": [r.pk for r in d["reports"]],
            "gross": str(d["gross"]),
            "currency": d["currency"],
            "admin": str(d["admin"]),
            "social": str(d["social"]),
            "territory": d["territory"],
            "weighting": d["weighting"],
            "threshold": str(d["threshold"]),
            "producers": str(d["producers"]),
            "featured_weight": str(d["featured_weight"]),
            "non_featured_weight": str(d["non_featured_weight"]),
        }
