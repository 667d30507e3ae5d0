"""Template helpers of the staff screens: money and percentages per locale, labels of codes, role checks."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from rightowners.codes import RIGHT_TYPES, ROLES

register = template.Library()

# Job.kind is free text written by services; these are the kinds they use, with labels for the screens.
JOB_KINDS = {
    "distribution": _("Distribution run"),
    "usage_import": _("Usage import"),
    "identification": _("Identification"),
    "identify": _("Identification"),
    "works_import": _("Works import"),
    "import_works": _("Works import"),
    "cwr_import": _("CWR import"),
    "cwr_export": _("CWR export"),
    "statements": _("Statements"),
}
RIGHT_LABELS = {code: _(label) for code, label in RIGHT_TYPES.items()}
ROLE_LABELS = {code: _(label) for code, label in ROLES.items()}
STAFF_ROLES = {
    "Documentation staff": _("Documentation staff"),
    "Distribution manager": _("Distribution manager"),
    "Auditor": _("Auditor"),
}
SUSPENSE_ACCOUNTS = {
    "unidentified": _("Unidentified usage"),
    "unclaimed": _("Unclaimed shares"),
    "conflict": _("Conflicting shares"),
    "unaffiliated": _("Unaffiliated right owners"),
}


@register.filter
def money(minor_units, currency: str = "") -> str:
    """An amount in minor units (cents) as currency units, grouped and with decimals per the active locale."""
    if minor_units is None or minor_units == "":
        return "–"
    amount = Decimal(int(minor_units)).scaleb(-2)
    text = number_format(amount, 2, force_grouping=True)
    return f"{text} {currency}".strip()


@register.filter
def percent(value, places: int = 2) -> str:
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(str(value)), int(places), force_grouping=True)} %"


@register.filter
def number(value) -> str:
    return "–" if value is None else number_format(value, force_grouping=True)


@register.filter
def job_kind(kind: str) -> str:
    return str(JOB_KINDS.get(kind, kind.replace("_", " ")))


@register.filter
def right_label(code: str) -> str:
    return str(RIGHT_LABELS.get(code, code))


@register.filter
def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


@register.filter
def suspense_label(account: str) -> str:
    return str(SUSPENSE_ACCOUNTS.get(account, account))


@register.filter
def staff_role(group_name: str) -> str:
    return str(STAFF_ROLES.get(group_name, group_name))


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def can(context, perm: str) -> bool:
    """`{% can "works.change_work" as allowed %}`: hide actions the server would refuse anyway."""
    user = context.get("user")
    return bool(user and user.has_perm(perm))
