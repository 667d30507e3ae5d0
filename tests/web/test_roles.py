"""Roles are enforced on the server: every screen needs a login, writes need the role's permissions."""

import pytest
from django.urls import reverse

from distribution.runs.models import DistributionRun
from tests.distribution.runs import run_factories
from wipoconnect.core import roles

pytestmark = pytest.mark.django_db

READ_URLS = [
    "dashboard",
    "works:list",
    "works:new",
    "parties:list",
    "usage:list",
    "usage:upload",
    "usage:review",
    "distribution:list",
    "distribution:new",
    "exchange:list",
]


@pytest.mark.parametrize("name", READ_URLS)
def test_every_screen_sends_anonymous_users_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_logs_a_user_in_and_lands_on_the_dashboard(client, role_user):
    role_user(roles.AUDITOR)
    response = client.post("/accounts/login/", {"username": "auditor", "password": "pw", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Dashboard" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "name",
    ["dashboard", "works:list", "parties:list", "usage:list", "usage:review", "distribution:list", "exchange:list"],
)
def test_auditor_reads_every_list(client_as, name, repertoire):
    assert client_as(roles.AUDITOR).get(reverse(name)).status_code == 200


def test_auditor_cannot_change_anything(client_as, repertoire):
    client = client_as(roles.AUDITOR)
    work, paul, publisher = repertoire["yesterday"], repertoire["paul"], repertoire["publisher"]
    assert client.get(reverse("works:edit", args=[work.pk])).status_code == 403
    assert client.post(reverse("works:edit", args=[work.pk]), {"title": "Changed"}).status_code == 403
    assert client.post(reverse("parties:merge", args=[paul.pk]), {"duplicate": publisher.code}).status_code == 403
    assert client.get(reverse("usage:upload")).status_code == 403
    assert client.get(reverse("distribution:new")).status_code == 403
    work.refresh_from_db()
    assert work.title == "Yesterday"
    assert not paul.merged_parties.exists()


def test_edit_buttons_are_hidden_from_the_auditor(client_as, repertoire):
    page = client_as(roles.AUDITOR).get(reverse("works:detail", args=[repertoire["yesterday"].pk])).content.decode()
    assert reverse("works:edit", args=[repertoire["yesterday"].pk]) not in page


def _calculated_run():
    report, _, _ = run_factories.worked_example()
    from distribution.runs import services as runs

    run = runs.create_run(
        name="Q2",
        report_ids=[report.pk],
        right="PR",
        territory="2136",
        gross="1000.00",
        currency="EUR",
        admin="15",
        social="10",
    )
    runs.calculate(run)
    run.refresh_from_db()
    assert run.status == DistributionRun.Status.CALCULATED
    return run


@pytest.mark.parametrize("role", [roles.DOCUMENTATION, roles.AUDITOR])
def test_only_a_distribution_manager_may_approve_a_run(client_as, role):
    run = _calculated_run()
    client = client_as(role)
    page = client.get(reverse("distribution:detail", args=[run.pk])).content.decode()
    assert reverse("distribution:approve", args=[run.pk]) not in page
    assert client.post(reverse("distribution:approve", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == DistributionRun.Status.CALCULATED


def test_distribution_manager_approves_a_calculated_run(client_as):
    run = _calculated_run()
    client = client_as(roles.DISTRIBUTION_MANAGER)
    response = client.post(reverse("distribution:approve", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == DistributionRun.Status.APPROVED
    assert run.approved_by.username == "distribution_manager"
    assert "approved" in response.content.decode()


def test_documentation_staff_edits_works_but_cannot_start_a_run(client_as, repertoire):
    client = client_as(roles.DOCUMENTATION)
    assert client.get(reverse("works:edit", args=[repertoire["yesterday"].pk])).status_code == 200
    assert client.get(reverse("usage:upload")).status_code == 200
    assert client.get(reverse("distribution:new")).status_code == 403


def test_no_staff_role_adds_or_deletes_a_society_of_the_cisac_list():
    from wipoconnect.core.roles import ensure_roles

    for group in ensure_roles().values():
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert not codenames & {"add_society", "delete_society"}, group.name
        assert "view_society" in codenames
