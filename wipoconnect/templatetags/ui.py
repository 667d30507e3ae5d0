"""Template helpers of the staff screens: money and percentages per locale, labels of codes, role checks."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wipoconnect.core import labels
from wipoconnect.core.money import exponent, to_units

register = template.Library()
register.filter("job_kind", labels.job_kind)
register.filter("right_label", labels.right_label)
register.filter("role_label", labels.role_label)
register.filter("suspense_label", labels.suspense_label)
register.filter("staff_role", labels.staff_role)
register.filter("territory", labels.territory)


@register.filter
def money(minor_units, currency: str = "") -> str:
    """An amount in minor units as currency units with the currency's decimals (2 when not given), grouped and
    with separators per the active locale."""
    if minor_units is None or minor_units == "":
        return "–"
    text = number_format(to_units(int(minor_units), currency), exponent(currency), force_grouping=True)
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
def payee_kind(kind: str) -> str:
    from distribution.runs.models import PayoutLine

    labels = dict(PayoutLine.PayeeKind.choices)
    return str(labels.get(kind, kind))


HIDDEN_CHANGES = {"id", "created_at", "updated_at"}


@register.filter
def changes(entry) -> list[tuple[str, object, object]]:
    """An audit entry's changes as (field label in the active language, old, new), bookkeeping fields left out."""
    from django.apps import apps

    try:
        model = apps.get_model(entry.model)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, values in entry.changes.items():
        if name in HIDDEN_CHANGES:
            continue
        old, new = ([*values, None, None] if isinstance(values, list) else [None, values, None])[:2]
        rows.append((_field_label(model, name), old, new))
    return rows


def _field_label(model, name: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    if name in EXTRA_FIELDS or model is None:
        return str(EXTRA_FIELDS.get(name, name))
    for candidate in (name, name.removesuffix("_id")):  # `submitter_id` is a field, `party_id` a foreign key
        try:
            return str(getattr(model._meta.get_field(candidate), "verbose_name", name))
        except FieldDoesNotExist:
            continue
    return name


# Values the services add to audit entries beside the model's own fields.
EXTRA_FIELDS = {
    "alternate_titles": _("alternate titles"),
    "shares": _("shares"),
    "merged": _("merged duplicate"),
    "memberships": _("memberships"),
    "agreements_given": _("agreements given"),
    "agreements_received": _("agreements received"),
    "works": _("works recorded"),
    "contributors": _("performers"),
    "producers": _("producer shares"),
}


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def can(context, perm: str) -> bool:
    """`{% can "works.change_work" as allowed %}`: hide actions the server would refuse anyway."""
    user = context.get("user")
    return bool(user and user.has_perm(perm))
