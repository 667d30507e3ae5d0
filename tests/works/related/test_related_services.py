"""Related-rights actions: identifiers, recording ↔ works, performers, producer shares per territory and period."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PartyFactory, WorkFactory
from wipoconnect.core.models import AuditEntry
from works.models import Recording
from works.related_services import (
    ContributorData,
    ProducerShareData,
    producer_errors,
    save_recording_rights,
    save_related_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording():
    return Recording.objects.create(isrc="GBAYE6500001", title="Medley", artist="The Band")


def test_profile_normalizes_identifiers_and_refuses_an_ipn_of_someone_else():
    singer, other = PartyFactory(), PartyFactory()
    profile = save_related_profile(party=singer, ipn="1234-5678", label_code="LC 01234", dpid="padpida2014120301k")
    assert (profile.ipn, profile.label_code, profile.dpid) == ("12345678", "01234", "PADPIDA2014120301K")
    with pytest.raises(ValidationError) as exc:
        save_related_profile(party=other, ipn="12345678")
    assert "belongs to" in str(exc.value.message_dict["ipn"])
    with pytest.raises(ValidationError) as exc:
        save_related_profile(party=other, label_code="LC12", dpid="XYZ")
    assert set(exc.value.message_dict) == {"label_code", "dpid"}


def test_recording_links_several_works_and_the_first_becomes_its_main_work(recording):
    first, second = WorkFactory(), WorkFactory()
    save_recording_rights(recording=recording, works=[first, second, first])
    recording.refresh_from_db()
    assert recording.work == first
    assert list(recording.work_links.values_list("work_id", flat=True)) == [first.pk, second.pk]
    save_recording_rights(recording=recording, works=[second])
    recording.refresh_from_db()
    assert recording.work == second and recording.work_links.count() == 1


def test_performers_and_producers_replace_the_earlier_ones_and_are_audited(recording):
    singer, drummer, label = PartyFactory(), PartyFactory(), PartyFactory()
    save_recording_rights(
        recording=recording,
        contributors=[ContributorData(singer.pk, "main"), ContributorData(drummer.pk, "non_featured", " drums ")],
        producers=[ProducerShareData(label.pk, "100", "2136")],
    )
    assert [(c.party, c.role, c.instrument) for c in recording.contributors.all()] == [
        (singer, "main", ""),
        (drummer, "non_featured", "drums"),
    ]
    assert recording.producer_shares.get().share == Decimal("100.00")
    save_recording_rights(recording=recording, contributors=[ContributorData(singer.pk, "featured")])
    assert recording.contributors.count() == 1 and recording.producer_shares.count() == 1
    entry = AuditEntry.objects.filter(model="works.recording", object_id=recording.pk).last()
    assert "contributors" in entry.changes


def test_bad_roles_and_duplicates_are_reported_by_field(recording):
    singer = PartyFactory()
    with pytest.raises(ValidationError) as exc:
        save_recording_rights(
            recording=recording,
            contributors=[ContributorData(singer.pk, "main"), ContributorData(singer.pk, "drummer")],
        )
    assert set(exc.value.message_dict) == {"contributors[1].role", "contributors[1].party"}
    assert recording.contributors.count() == 0


def test_producer_shares_may_follow_each_other_in_time_but_not_overlap_above_100():
    old_label, new_label = 1, 2
    sold = [
        ProducerShareData(old_label, "100", "2136", valid_to=date(2020, 12, 31)),
        ProducerShareData(new_label, "100", "2136", valid_from=date(2021, 1, 1)),
    ]
    assert producer_errors(sold) == {}
    overlap = [ProducerShareData(old_label, "100", "2136"), ProducerShareData(new_label, "50", "0826")]
    assert "0826" in producer_errors(overlap)["producers.share"][0]
    bad = [ProducerShareData(1, "100.001", "9999", valid_from=date(2022, 1, 1), valid_to=date(2021, 1, 1))]
    assert set(producer_errors(bad)) == {"producers[0].share", "producers[0].territory"}


def test_merging_parties_moves_performances_producer_shares_and_the_ipn(recording):
    from rightowners.services import merge_parties

    keep, duplicate = PartyFactory(), PartyFactory()
    other = Recording.objects.create(title="Other")
    save_recording_rights(
        recording=recording, contributors=[ContributorData(keep.pk, "main"), ContributorData(duplicate.pk, "featured")]
    )
    save_recording_rights(
        recording=other,
        contributors=[ContributorData(duplicate.pk, "non_featured", "bass")],
        producers=[ProducerShareData(duplicate.pk, "100")],
    )
    save_related_profile(party=duplicate, ipn="4242")
    merge_parties(keep=keep, duplicate=duplicate)
    assert [(c.party, c.role) for c in recording.contributors.all()] == [(keep, "main")]
    assert [(c.party, c.instrument) for c in other.contributors.all()] == [(keep, "bass")]
    assert other.producer_shares.get().party == keep
    assert keep.related_profile.ipn == "4242"
