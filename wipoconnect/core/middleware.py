"""Request guards every screen and API endpoint shares."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class RefuseNulCharacters:
    """A query string or form field holding a NUL character (0x00) is answered 400 before any view runs: no text
    column can store it (PostgreSQL refuses it), so it could only end in a server error. Uploaded files may hold any
    byte; they are the importers' to check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request.GET) or (request.method == "POST" and self._has_nul(request.POST)):
            return HttpResponseBadRequest("a parameter holds a NUL character (0x00)", content_type="text/plain")
        return self.get_response(request)

    @staticmethod
    def _has_nul(query) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class ContentSecurityPolicy:
    """The CONTENT_SECURITY_POLICY setting as a header on every answer (none when the setting is empty)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
