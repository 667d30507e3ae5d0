"""The runs' list endpoints (runs, claims) make a fixed number of queries, however many rows they list."""

import itertools
from datetime import date

import pytest

from distribution.runs.models import Claim, DistributionRun
from distribution.usage.models import UsageReport
from tests.factories import PartyFactory, WorkFactory
from tests.list_queries import assert_queries_do_not_grow, superuser_client
from wipoconnect.core import jobs

pytestmark = pytest.mark.django_db

numbers = itertools.count()


def report() -> UsageReport:
    n = next(numbers)
    return UsageReport.objects.create(
        source="radio",
        filename=f"r{n}.csv",
        checksum=f"{n:064d}",
        format="csv",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        right_type="PR",
    )


def run(**fields) -> DistributionRun:
    return DistributionRun.objects.create(
        name=f"Run {next(numbers)}",
        right_type="PR",
        currency="EUR",
        gross=100_000,
        admin_percent=10,
        social_percent=0,
        **fields,
    )


def add_runs(n):
    for _ in range(n):
        run(job=jobs.create_job("distribution")).reports.set([report(), report()])


def add_claims(n):
    for _ in range(n):
        Claim.objects.create(
            run=run(status="approved"),
            account="unidentified",
            item=f"k{next(numbers)}",
            work=WorkFactory(),
            claimant=PartyFactory(),
            adjustment=run(),
        )


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [("/api/v1/distribution-runs/", add_runs, 3), ("/api/v1/claims/", add_claims, 2)],
    ids=["distribution-runs", "claims"],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
