"""Services refuse with Django ValidationErrors; every API view answers them with a 400 and the same field keys."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView


class Refusing(APIView):
    permission_classes = [AllowAny]
    error = ValidationError("")

    def get(self, request):
        raise self.error


@pytest.mark.parametrize(
    "error, body",
    [
        (ValidationError({"iban": "checksum fails"}), {"iban": ["checksum fails"]}),
        (ValidationError("run 3 is approved"), {"non_field_errors": ["run 3 is approved"]}),
    ],
)
def test_a_service_validation_error_is_a_400_with_its_fields(error, body):
    response = Refusing.as_view(error=error)(APIRequestFactory().get("/"))
    assert response.status_code == 400
    assert response.data == body


def test_a_domain_error_raised_by_a_service_answers_400_not_500():
    from wipoconnect.core.money import MoneyError

    view = type("RefusingMoney", (Refusing,), {"error": MoneyError("Gross amount '10.001': at most two decimals")})
    response = view.as_view()(APIRequestFactory().get("/"))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Gross amount '10.001': at most two decimals"]}
