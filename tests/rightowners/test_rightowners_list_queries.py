"""The right owners' list endpoints make a fixed number of queries, however many rows they list."""

import pytest

from tests.factories import MembershipFactory, PartyFactory, SocietyFactory
from tests.list_queries import assert_queries_do_not_grow, superuser_client

pytestmark = pytest.mark.django_db


def add_societies(n):
    SocietyFactory.create_batch(n)


def add_parties(n):
    for _ in range(n):
        party = PartyFactory(merged_into=PartyFactory())
        MembershipFactory(party=party)
        MembershipFactory(party=party, right_type="MR")


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [("/api/v1/societies/", add_societies, 2), ("/api/v1/parties/", add_parties, 4)],
    ids=["societies", "parties"],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
