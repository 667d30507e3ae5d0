"""Labels of codes in the active language: rights, roles, suspense accounts, staff roles, job kinds, territories.
Used by the templates (through wipoconnect.templatetags.ui) and by the screens that write names into files."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wipoconnect.core.codes import RELATED_RIGHTS, RIGHT_TYPES, ROLES
from wipoconnect.core.territories import WORLD, territory_name

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
    gettext_noop("Performing right"),
    gettext_noop("Mechanical right"),
    gettext_noop("Synchronisation right"),
    gettext_noop("Composer"),
    gettext_noop("Author"),
    gettext_noop("Composer/Author"),
    gettext_noop("Arranger"),
    gettext_noop("Adapter"),
    gettext_noop("Translator"),
    gettext_noop("Sub-arranger"),
    gettext_noop("Sub-author"),
    gettext_noop("Income participant"),
    gettext_noop("Original publisher"),
    gettext_noop("Acquirer"),
    gettext_noop("Administrator"),
    gettext_noop("Sub-publisher"),
    gettext_noop("Substituted publisher"),
    gettext_noop("Original general"),
    gettext_noop("Original specific"),
    gettext_noop("Sub-publishing general"),
    gettext_noop("Sub-publishing specific"),
    gettext_noop("Related rights"),
)
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


def job_kind(kind: str) -> str:
    return str(JOB_KINDS.get(kind, kind.replace("_", " ")))


def right_label(code: str) -> str:
    return str(RIGHT_LABELS.get(code, code))


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def suspense_label(account: str) -> str:
    return str(SUSPENSE_ACCOUNTS.get(account, account))


def staff_role(group_name: str) -> str:
    return str(STAFF_ROLES.get(group_name, group_name))


def territory(code: str) -> str:
    """A TIS territory's name; the world in the active language (other names as the code list has them)."""
    return str(_("World")) if str(code).lstrip("0") == WORLD else territory_name(code)
