from django import forms
from django.utils.translation import gettext_lazy as _

from rightowners.models import InterestedParty


class PartySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, code or IPI")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *InterestedParty.Kind.choices])
    no_ipi = forms.BooleanField(label=_("Without IPI only"), required=False)


class MergeForm(forms.Form):
    duplicate = forms.CharField(label=_("Duplicate party (code or IPI)"), max_length=13)

    def clean_duplicate(self):
        text = self.cleaned_data["duplicate"].strip().upper()
        lookup = {"ipi_name": text.zfill(11)} if text.isdigit() else {"code": text}
        party = InterestedParty.objects.filter(**lookup).first()
        if party is None:
            raise forms.ValidationError(_("No party with code or IPI name number %(value)s"), params={"value": text})
        return party
