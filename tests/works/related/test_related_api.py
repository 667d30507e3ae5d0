"""API of related rights: read a recording's rights picture, replace it through the service, profiles."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.factories import PartyFactory, RecordingFactory, WorkFactory
from wipoconnect.core.roles import DOCUMENTATION, ensure_roles
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> APIClient:
    groups = ensure_roles()
    user = User.objects.create_user("doc", password="x", is_staff=True)
    user.groups.add(*[g for g in groups.values() if g.name == DOCUMENTATION])
    client = APIClient()
    client.force_authenticate(user)
    return client


def rights(recording, performers, label):
    save_recording_rights(
        recording=recording,
        works=[WorkFactory()],
        contributors=[ContributorData(p.pk, "featured") for p in performers],
        producers=[ProducerShareData(label.pk, "100")],
    )


def test_rights_list_filters_by_party_and_does_not_grow_in_queries(staff, django_assert_max_num_queries):
    label = PartyFactory(last_name="Label")
    wanted = RecordingFactory(isrc="GBAYE6500001")
    singer = PartyFactory()
    rights(wanted, [singer], label)
    for _ in range(10):
        rights(RecordingFactory(), [PartyFactory(), PartyFactory()], PartyFactory())
    client = staff
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/recording-rights/")
    assert response.status_code == 200 and response.json()["count"] == 11
    found = client.get("/api/v1/recording-rights/", {"party": singer.code}).json()["results"]
    assert [r["isrc"] for r in found] == ["GBAYE6500001"]
    assert found[0]["producers"][0]["party"]["code"] == label.code
    assert client.get("/api/v1/recording-rights/", {"isrc": "GB-AYE-65-00001"}).json()["count"] == 1


def test_staff_replace_performers_and_producers_and_errors_name_the_field(staff):
    recording, singer, label, work = RecordingFactory(), PartyFactory(), PartyFactory(), WorkFactory()
    url = f"/api/v1/recording-rights/{recording.pk}/"
    body = {
        "works": [work.code],
        "contributors": [{"party_code": singer.code, "role": "main", "instrument": "vocals"}],
        "producers": [{"party_code": label.code, "share": "100.00", "territory": "2136"}],
    }
    response = staff.put(url, body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["works"] == [work.code] and data["contributors"][0]["role"] == "main"
    recording.refresh_from_db()
    assert recording.work == work
    bad = staff.patch(url, {"contributors": [{"party_code": singer.code, "role": "drummer"}]}, format="json")
    assert bad.status_code == 400 and "contributors[0].role" in bad.json()
    assert APIClient().patch(url, body, format="json").status_code in (401, 403)


def test_profiles_are_created_and_validated_through_the_service(staff):
    singer = PartyFactory()
    created = staff.post("/api/v1/related-profiles/", {"party_code": singer.code, "ipn": "123-456"}, format="json")
    assert created.status_code == 201 and created.json()["ipn"] == "123456"
    other = PartyFactory()
    clash = staff.post("/api/v1/related-profiles/", {"party_code": other.code, "ipn": "123456"}, format="json")
    assert clash.status_code == 400 and "ipn" in clash.json()


@pytest.mark.parametrize("url", ["/api/v1/recording-rights/", "/api/v1/related-profiles/"])
def test_performers_producers_and_their_identifiers_are_not_public(url):
    rights(RecordingFactory(isrc="GBAYE6500001"), [PartyFactory()], PartyFactory())

    assert APIClient().get(url).status_code in (401, 403)
    assert APIClient().get("/api/v1/recordings/").status_code == 200  # the recordings themselves are public
