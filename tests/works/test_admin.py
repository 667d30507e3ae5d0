import pytest
from django.contrib.auth.models import User

from tests.factories import PartyFactory
from works.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def work_form(**overrides):
    data = {
        "title": "Admin Work",
        "iswc": "",
        "language": "",
        "duration": "",
        "version_type": "ORI",
        "submitter_id": "",
        "alternate_titles-TOTAL_FORMS": "0",
        "alternate_titles-INITIAL_FORMS": "0",
        "shares-TOTAL_FORMS": "0",
        "shares-INITIAL_FORMS": "0",
        "recordings-TOTAL_FORMS": "0",
        "recordings-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_saves_a_valid_work_with_its_shares(admin_client_logged):
    party = PartyFactory()
    data = work_form(
        **{
            "shares-TOTAL_FORMS": "1",
            "shares-0-party": party.pk,
            "shares-0-role": "CA",
            "shares-0-pr_share": "100",
            "shares-0-mr_share": "100",
            "shares-0-sr_share": "0",
            "shares-0-controlled": "on",
            "iswc": "T-034.524.680-1",
        }
    )
    response = admin_client_logged.post("/admin/works/work/add/", data)
    assert response.status_code == 302, response.content[:2000]
    work = Work.objects.get()
    assert work.iswc == "T0345246801" and work.code.startswith("W")
    assert work.shares.get().party == party


def test_admin_rejects_bad_iswc_and_shares_over_100(admin_client_logged):
    party = PartyFactory()
    data = work_form(
        **{
            "iswc": "T-034.524.680-9",
            "shares-TOTAL_FORMS": "2",
            "shares-0-party": party.pk,
            "shares-0-role": "CA",
            "shares-0-pr_share": "80",
            "shares-0-mr_share": "0",
            "shares-0-sr_share": "0",
            "shares-1-party": party.pk,
            "shares-1-role": "E",
            "shares-1-pr_share": "30",
            "shares-1-mr_share": "0",
            "shares-1-sr_share": "0",
        }
    )
    response = admin_client_logged.post("/admin/works/work/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "check digit fails (expected 1)" in page
    assert "PR shares sum to 110.00 %, more than 100 %" in page
    assert not Work.objects.exists()


def test_admin_rejects_unknown_role(admin_client_logged):
    party = PartyFactory()
    data = work_form(
        **{
            "shares-TOTAL_FORMS": "1",
            "shares-0-party": party.pk,
            "shares-0-role": "ZZ",
            "shares-0-pr_share": "100",
            "shares-0-mr_share": "0",
            "shares-0-sr_share": "0",
        }
    )
    response = admin_client_logged.post("/admin/works/work/add/", data)
    assert response.status_code == 200 and not Work.objects.exists()
    assert "ZZ" in response.content.decode()


def test_admin_search_finds_by_iswc_and_party_ipi(admin_client_logged):
    party = PartyFactory()
    work = Work.objects.create(code="W99999999", title="Searchable", iswc="T0345246801")
    work.shares.create(party=party, role="CA", pr_share=100)
    for term in ("T0345246801", party.ipi_name, "Searchable"):
        assert "Searchable" in admin_client_logged.get("/admin/works/work/", {"q": term}).content.decode(), term
