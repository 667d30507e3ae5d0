import re

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, PartyFactory, RecordingFactory, WorkFactory, WorkShareFactory
from wipoconnect.core.roles import AUDITOR, DOCUMENTATION, ensure_roles
from works.models import Work

pytestmark = pytest.mark.django_db


def client_with_role(role: str | None) -> APIClient:
    ensure_roles()
    user = User.objects.create_user(f"user-{role}", password="x", is_staff=True)
    if role:
        user.groups.add(*[g for g in ensure_roles().values() if g.name == role])
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def staff():
    return client_with_role(DOCUMENTATION)


def test_anyone_finds_a_work_by_iswc_in_any_notation():
    work = WorkFactory(iswc="T0345246801")
    WorkFactory()
    response = APIClient().get("/api/v1/works/", {"iswc": "T-034.524.680-1"})
    assert response.status_code == 200
    assert [w["code"] for w in response.json()["results"]] == [work.code]


def test_work_list_filters_by_title_writer_ipi_and_society():
    share = WorkShareFactory(work__title="Rain Song")
    MembershipFactory(party=share.party, society__code="052")
    WorkShareFactory(work__title="Other")
    client = APIClient()
    for params in ({"title": "rain"}, {"ipi": share.party.ipi_name.lstrip("0")}, {"society": "052"}):
        assert [w["title"] for w in client.get("/api/v1/works/", params).json()["results"]] == ["Rain Song"], params


def test_work_list_queries_do_not_grow_with_the_number_of_works(django_assert_max_num_queries):
    for _ in range(15):
        share = WorkShareFactory()
        WorkShareFactory(work=share.work)
        RecordingFactory(work=share.work)
    with django_assert_max_num_queries(7):
        response = APIClient().get("/api/v1/works/")
    assert response.json()["count"] == 15
    assert all(len(w["shares"]) == 2 and len(w["recordings"]) == 1 for w in response.json()["results"])


def test_staff_create_a_work_with_shares(staff):
    writer, publisher = PartyFactory(), PartyFactory(kind="company")
    payload = {
        "title": "New Work",
        "iswc": "T-911.000.578-2",
        "alternate_titles": ["Nueva Obra"],
        "shares": [
            {"party_code": writer.code, "role": "CA", "pr_share": "50.00", "mr_share": "50.00"},
            {
                "party_code": publisher.code,
                "role": "E",
                "pr_share": "50.00",
                "mr_share": "50.00",
                "territories": [{"territory": "2136", "pr_collection": "50.00", "mr_collection": "50.00"}],
            },
        ],
    }
    response = staff.post("/api/v1/works/", payload, format="json")
    assert response.status_code == 201, response.json()
    work = Work.objects.get(iswc="T9110005782")
    assert response.json()["code"] == work.code
    assert work.shares.get(role="E").territories.get().territory == "2136"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"iswc": "T-911.000.578-3"}, "iswc"),
        ({"shares": [{"role": "CA", "pr_share": "60"}, {"role": "E", "pr_share": "50"}]}, "shares.pr_share"),
        ({"shares": [{"role": "QQ", "pr_share": "100"}]}, "shares[0].role"),
    ],
)
def test_invalid_works_are_rejected_naming_the_field(staff, change, field):
    party = PartyFactory()
    payload = {"title": "Invalid", **change}
    for share in payload.get("shares", []):
        share["party_code"] = party.code
    response = staff.post("/api/v1/works/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Work.objects.filter(title="Invalid").exists()


def test_party_with_bad_ipi_is_rejected(staff):
    response = staff.post("/api/v1/parties/", {"last_name": "Doe", "ipi_name": "00014107339"}, format="json")
    assert response.status_code == 400
    assert "check digits" in response.json()["ipi_name"][0]


def test_auditor_reads_but_cannot_write():
    auditor = client_with_role(AUDITOR)
    PartyFactory()
    assert auditor.get("/api/v1/parties/").status_code == 200
    assert auditor.post("/api/v1/parties/", {"last_name": "X"}, format="json").status_code == 403
    assert auditor.post("/api/v1/works/", {"title": "X"}, format="json").status_code == 403


def test_parties_are_not_public():
    assert APIClient().get("/api/v1/parties/").status_code in (401, 403)


def test_openapi_schema_and_docs_render():
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    loaded = re.findall(rb'(?:src|href)="([^"]+)"', docs.content)
    assert loaded and not [url for url in loaded if b"//" in url]  # nothing from another host


def test_a_partial_update_of_a_recording_keeps_the_fields_it_did_not_send(staff):
    recording = RecordingFactory(isrc="GBAYE6500001", title="Yesterday", artist="The Beatles")

    response = staff.patch(f"/api/v1/recordings/{recording.pk}/", {"artist": "Beatles"}, format="json")

    assert response.status_code == 200, response.content
    recording.refresh_from_db()
    assert (recording.isrc, recording.title, recording.artist) == ("GBAYE6500001", "Yesterday", "Beatles")
    cleared = staff.patch(f"/api/v1/recordings/{recording.pk}/", {"isrc": ""}, format="json")
    assert cleared.status_code == 200 and cleared.json()["isrc"] is None  # sent empty: cleared on purpose
