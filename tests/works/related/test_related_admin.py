"""Admin screens of related rights: a recording's rights inlines are saved through the service and validated."""

import pytest
from django.contrib.auth.models import User

from tests.factories import PartyFactory, RecordingFactory, WorkFactory
from wipoconnect.core.models import AuditEntry
from works.models import RelatedRightsProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def recording_form(recording, **rows):
    data = {
        "isrc": recording.isrc or "",
        "title": recording.title,
        "artist": "",
        "label": "",
        "duration": "",
        "release_date": "",
        "work": recording.work_id or "",
    }
    for prefix in ("work_links", "contributors", "producer_shares"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    for prefix, items in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
        for n, item in enumerate(items):
            data |= {f"{prefix}-{n}-{k}": v for k, v in item.items()}
    return data


def test_recording_page_saves_works_performers_and_producers_through_the_service(admin_client_logged):
    recording, singer, label, work = RecordingFactory(), PartyFactory(), PartyFactory(), WorkFactory()
    url = f"/admin/works/recording/{recording.pk}/change/"
    assert admin_client_logged.get(url).status_code == 200
    data = recording_form(
        recording,
        work_links=[{"work": work.pk, "sequence": "1"}],
        contributors=[{"party": singer.pk, "role": "main", "instrument": "vocals"}],
        producer_shares=[{"party": label.pk, "share": "100", "territory": "2136"}],
    )
    response = admin_client_logged.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    recording.refresh_from_db()
    assert recording.work == work
    assert [(c.party, c.role) for c in recording.contributors.all()] == [(singer, "main")]
    assert recording.producer_shares.get().party == label
    assert AuditEntry.objects.filter(model="works.recording", object_id=recording.pk).exists()


def test_producer_shares_above_100_percent_are_refused_on_the_page(admin_client_logged):
    recording, one, two = RecordingFactory(), PartyFactory(), PartyFactory()
    data = recording_form(
        recording,
        producer_shares=[
            {"party": one.pk, "share": "60", "territory": "2136"},
            {"party": two.pk, "share": "60", "territory": "2136"},
        ],
    )
    response = admin_client_logged.post(f"/admin/works/recording/{recording.pk}/change/", data)
    assert response.status_code == 200 and "producer shares sum to 120 %" in response.content.decode()
    assert recording.producer_shares.count() == 0


def test_profile_page_validates_identifiers(admin_client_logged):
    party = PartyFactory()
    bad = admin_client_logged.post("/admin/works/relatedrightsprofile/add/", {"party": party.pk, "ipn": "12x"})
    assert bad.status_code == 200 and "must be 1 to 13 digits" in bad.content.decode()
    good = admin_client_logged.post(
        "/admin/works/relatedrightsprofile/add/", {"party": party.pk, "ipn": "123", "label_code": "LC 1234"}
    )
    assert good.status_code == 302
    assert RelatedRightsProfile.objects.get(party=party).label_code == "1234"


def test_staff_enter_a_related_rights_membership_on_the_party_page(admin_client_logged):
    from rightowners.models import Membership, Society

    party, society = PartyFactory(), Society.objects.create(code="201", name="ABRAMUS")
    page = admin_client_logged.get(f"/admin/rightowners/interestedparty/{party.pk}/change/").content.decode()
    assert 'value="RR"' in page
    membership = Membership(party=party, society=society, right_type="RR", territory="2136")
    membership.full_clean()  # the right type of performers' and producers' societies is a valid choice
