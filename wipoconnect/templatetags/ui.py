"""Template helpers of the staff screens: money and percentages per locale, labels of codes, role checks."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wipoconnect.core.codes import RELATED_RIGHTS, RIGHT_TYPES, ROLES
from wipoconnect.core.money import exponent, to_units

register = template.Library()

# Job.kind is free text written by services; these are the kinds they use, with labels for the screens.
JOB_KINDS = {
    "distribution": _("Distribution run"),
    "import_usage": _("Usage import"),
    "identify_usage": _("Identification"),
    "identify_recordings": _("Recording identification"),
    "import_works": _("Works import"),
    "works_import": _("Works import"),
    "import_cwr": _("CWR import"),
    "cwr_import": _("CWR import"),
    "export_cwr": _("CWR export"),
    "cwr_export": _("CWR export"),
    "statements": _("Statements"),
    "related_run": _("Neighbouring-rights run"),
}
# The code lists of wipoconnect.core.codes are plain data; their labels are translated where they are shown
# (models and the filters below use gettext on them). Listed here so that makemessages extracts them.
CODE_LABELS = (
    gettext_noop("Performing right"), gettext_noop("Mechanical right"), gettext_noop("Synchronisation right"),
    gettext_noop("Composer"), gettext_noop("Author"), gettext_noop("Composer/Author"), gettext_noop("Arranger"),
    gettext_noop("Adapter"), gettext_noop("Translator"), gettext_noop("Sub-arranger"), gettext_noop("Sub-author"),
    gettext_noop("Income participant"), gettext_noop("Original publisher"), gettext_noop("Acquirer"),
    gettext_noop("Administrator"), gettext_noop("Sub-publisher"), gettext_noop("Substituted publisher"),
    gettext_noop("Original general"), gettext_noop("Original specific"), gettext_noop("Sub-publishing general"),
    gettext_noop("Sub-publishing specific"), gettext_noop("Related rights"),
)  # fmt: skip
RIGHT_LABELS = {code: _(label) for code, label in {**RIGHT_TYPES, **RELATED_RIGHTS}.items()}
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
def payee_kind(kind: str) -> str:
    from distribution.models import PayoutLine

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
def territory(code: str) -> str:
    """A TIS territory's name; the world in the active language (other names as the code list has them)."""
    from wipoconnect.core.territories import WORLD, territory_name

    return str(_("World")) if str(code).lstrip("0") == WORLD else territory_name(code)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def can(context, perm: str) -> bool:
    """`{% can "works.change_work" as allowed %}`: hide actions the server would refuse anyway."""
    user = context.get("user")
    return bool(user and user.has_perm(perm))
