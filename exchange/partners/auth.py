"""DRF pieces for partner keys: `Authorization: Api-Key <token>`, scope permissions, a throttle per key.

An authenticated partner is a `Partner` principal, not a staff user: it holds the model view permissions its scopes
grant, so the existing viewsets (works, parties) serve it through their usual permission classes.
"""

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, throttling

from exchange.models import PartnerKey
from exchange.partners.keys import find_key

SCOPE_PERMISSIONS = {
    PartnerKey.Scope.READ_WORKS: {"works.view_work", "works.view_recording", "rightowners.view_society"},
    PartnerKey.Scope.READ_PARTIES: {"rightowners.view_interestedparty", "rightowners.view_society"},
}


class Partner:
    """The principal of a request made with a partner key."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    is_active = True

    def __init__(self, key: PartnerKey):
        self.key = key
        self.society = key.society
        self.scopes = frozenset(key.scopes)
        self.pk = self.id = None  # never a user row: audit entries of partner writes carry no user

    def __str__(self) -> str:
        return f"partner {self.society.code} ({self.key.prefix}…)"

    def has_perm(self, perm: str, obj=None) -> bool:
        return any(perm in SCOPE_PERMISSIONS.get(scope, ()) for scope in self.scopes)

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(p, obj) for p in perms)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization: Api-Key <token> takes exactly one token")
        key = find_key(header[1])
        if key is None:
            raise exceptions.AuthenticationFailed("unknown API key")
        request._request.partner_key = key  # the request log middleware records it, whatever the outcome
        if not key.is_active:
            raise exceptions.AuthenticationFailed(f"API key {key.prefix}… was revoked on {key.revoked_at:%Y-%m-%d}")
        return Partner(key), key

    def authenticate_header(self, request) -> str:
        return self.keyword


def scoped(*scopes: str):
    """Permission class: a partner key holding every one of `scopes`, or a staff user."""

    class ScopeOrStaff(permissions.BasePermission):
        def has_permission(self, request, view) -> bool:
            if isinstance(request.user, Partner):
                return request.user.scopes.issuperset(scopes)
            return bool(request.user and request.user.is_authenticated and request.user.is_staff)

    ScopeOrStaff.__name__ = f"Scope_{'_'.join(scopes)}_OrStaff"
    return ScopeOrStaff


class PartnerKeyThrottle(throttling.SimpleRateThrottle):
    """A request budget per partner key (PARTNER_API_RATE, e.g. `1000/hour`); other requests are not counted."""

    scope = "partner"

    def get_rate(self) -> str:
        return settings.PARTNER_API_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.user, Partner):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.key.pk}
