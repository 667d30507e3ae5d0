from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.cwr.layouts import VERSIONS


class CwrUploadForm(forms.Form):
    file = forms.FileField(label=_("CWR file"), help_text=_("Versions 2.1, 2.2, 3.0 and 3.1; registrations or an ACK"))


class CwrExportForm(forms.Form):
    version = forms.ChoiceField(label=_("CWR version"), choices=[(v, v) for v in VERSIONS], initial="2.2")
    recipient = forms.RegexField(
        label=_("Recipient society code"),
        regex=r"^\d{1,3}$",
        max_length=3,
        error_messages={"invalid": _("A society code of up to 3 digits, e.g. 052")},
    )
    since = forms.DateField(
        label=_("Only works changed since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_recipient(self):
        return self.cleaned_data["recipient"].zfill(3)
