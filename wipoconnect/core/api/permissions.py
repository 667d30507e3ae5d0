"""API permissions: staff act through Django model permissions (roles are groups of them)."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class StaffModelPermissions(DjangoModelPermissions):
    """Reading needs the model's view permission; writing its add/change/delete permission."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class PublicReadOrStaff(StaffModelPermissions):
    """The public repertoire (works, recordings, societies) can be read by anyone when PUBLIC_REPERTOIRE is on,
    as CMOs publish their repertoire search; everything else needs staff permissions."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS and settings.PUBLIC_REPERTOIRE:
            return True
        return super().has_permission(request, view)
