"""The repertoire's list endpoints make a fixed number of queries, however many rows they list."""

from decimal import Decimal

import pytest

from tests.factories import PartyFactory, RecordingFactory, WorkFactory, WorkShareFactory
from tests.list_queries import assert_queries_do_not_grow, superuser_client
from works.models import (
    AlternateTitle,
    ProducerShare,
    RecordingContributor,
    RecordingWork,
    RelatedRightsProfile,
    ShareTerritory,
)

pytestmark = pytest.mark.django_db


def add_works(n):
    for _ in range(n):
        work = WorkFactory()
        AlternateTitle.objects.create(work=work, title=f"{work.title} (alt)")
        for share in (WorkShareFactory(work=work, pr_share=Decimal(50)), WorkShareFactory(work=work, pr_share=50)):
            ShareTerritory.objects.create(share=share)
        RecordingFactory(work=work)


def add_recordings(n):
    RecordingFactory.create_batch(n)


def add_recording_rights(n):
    for _ in range(n):
        recording = RecordingFactory()
        RecordingWork.objects.create(recording=recording, work=WorkFactory())
        RecordingContributor.objects.create(recording=recording, party=PartyFactory(), role="main")
        RecordingContributor.objects.create(recording=recording, party=PartyFactory(), role="featured", sequence=2)
        ProducerShare.objects.create(recording=recording, party=PartyFactory(kind="company"), share=Decimal(100))


def add_related_profiles(n):
    for _ in range(n):
        RelatedRightsProfile.objects.create(party=PartyFactory(), label_code="12345")


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [
        ("/api/v1/works/", add_works, 6),
        ("/api/v1/recordings/", add_recordings, 2),
        ("/api/v1/recording-rights/", add_recording_rights, 5),
        ("/api/v1/related-profiles/", add_related_profiles, 2),
    ],
    ids=["works", "recordings", "recording-rights", "related-profiles"],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
