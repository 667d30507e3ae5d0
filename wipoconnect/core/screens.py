"""What every staff screen shares: the permission guard, safe redirects after a form, errors shown as messages,
and the query string of a paginated list."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError


def requires(*perms: str) -> Callable:
    """Log in first (redirect), then every permission is checked on the server (403 otherwise)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def query_without_page(request) -> str:
    """The list's filters as a query string, for the links of its pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def safe_next(request) -> str:
    """The form's `next` when it is a path on this site (never another host), else ''."""
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else ""


def show_error(request, exc: Exception) -> None:
    """A service's refusal shown at the top of the next page."""
    messages.error(request, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
