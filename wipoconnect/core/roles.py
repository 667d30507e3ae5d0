"""Staff roles are Django groups holding model permissions; the server checks permissions, not role names."""

from django.contrib.auth.models import Group, Permission

DOCUMENTATION = "Documentation staff"
DISTRIBUTION_MANAGER = "Distribution manager"
AUDITOR = "Auditor"

_APPS = ["rightowners", "works", "distribution", "exchange", "wipoconnect"]
# The CISAC society list is reference data (loaded with the code list): staff read it, no role adds or deletes one.
_REFERENCE = {"add_society", "delete_society"}


def ensure_roles() -> dict[str, Group]:
    """Create or refresh the three staff roles: documentation writes repertoire, the manager also
    runs and approves distributions, the auditor only reads."""
    perms = Permission.objects.filter(content_type__app_label__in=_APPS).select_related("content_type")
    view = [p for p in perms if p.codename.startswith("view_")]
    documentation = [
        p
        for p in perms
        if p.content_type.app_label in {"rightowners", "works", "exchange"} and p.codename not in _REFERENCE
    ]
    usage = [p for p in perms if p.content_type.app_label == "distribution" and p.codename != "approve_distributionrun"]
    roles = {
        DOCUMENTATION: view + documentation + [p for p in usage if "usage" in p.codename or "match" in p.codename],
        DISTRIBUTION_MANAGER: view + documentation + [p for p in perms if p.content_type.app_label == "distribution"],
        AUDITOR: view,
    }
    groups = {}
    for name, permissions in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups
