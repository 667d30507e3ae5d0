from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from wipoconnect.core.errors import DomainError


def exception_handler(exc, context):
    """Services refuse with Django ValidationErrors, keyed by field or not, or with a DomainError (a malformed
    amount, a run that cannot be calculated); the API answers 400 with the same keys (`non_field_errors` for the
    others), so views and serializers call services without catching anything."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    elif isinstance(exc, DomainError):
        exc = ValidationError({"non_field_errors": [str(exc)]})
    return drf_exception_handler(exc, context)
