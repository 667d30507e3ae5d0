"""What the query-count tests of the list endpoints share: a superuser client (no permission queries) and the
check that listing six rows costs the same queries as listing two, pinned to a maximum."""

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

FEW, MORE = 2, 4  # rows added before the first and before the second count


def superuser_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("lister", password="x"))
    return client


def _rows(body) -> int:
    return body["count"] if isinstance(body, dict) else len(body)


def _listed(client: APIClient, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), _rows(response.json())


def assert_queries_do_not_grow(client: APIClient, url: str, add_rows, pinned: int, max_num_queries) -> None:
    """add_rows(n) creates n more listed rows, each with its related rows; max_num_queries is pytest-django's
    django_assert_max_num_queries."""
    add_rows(FEW)
    few_queries, few_rows = _listed(client, url)
    add_rows(MORE)
    many_queries, many_rows = _listed(client, url)
    assert many_rows > few_rows >= FEW, (few_rows, many_rows)
    assert many_queries == few_queries, f"{url}: {few_queries} queries for {few_rows} rows, {many_queries} for more"
    with max_num_queries(pinned):
        client.get(url)
