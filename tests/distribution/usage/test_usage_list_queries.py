"""The usage list endpoints (reports, matches, recording matches) make a fixed number of queries, however many
rows they list."""

import itertools
from datetime import date

import pytest

from distribution.usage.models import Match, RecordingMatch, UsageReport
from distribution.usage.tasks import IMPORT_JOB
from tests.factories import RecordingFactory, WorkFactory
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
        job=jobs.create_job(IMPORT_JOB),
    )


def match(**fields) -> Match:
    return Match.objects.create(report=report(), key=f"k{next(numbers)}", plays=3, **fields)


def add_reports(n):
    for _ in range(n):
        report()


def add_matches(n):
    for _ in range(n):
        work = WorkFactory()
        match(work=work, status="review", candidates=[{"work": work.pk, "key": work.key, "title": "", "score": 80}])


def add_recording_matches(n):
    for _ in range(n):
        RecordingMatch.objects.create(match=match(), recording=RecordingFactory(), status="auto", method="isrc")


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [
        ("/api/v1/usage-reports/", add_reports, 2),
        ("/api/v1/usage-matches/", add_matches, 2),
        ("/api/v1/recording-matches/", add_recording_matches, 2),
    ],
    ids=["usage-reports", "usage-matches", "recording-matches"],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
