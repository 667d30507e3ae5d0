"""REST API of distribution runs: create and calculate, progress, summary, approve (its own permission),
lines, statements; no N+1 on the list."""

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient
from run_factories import worked_example

from wipoconnect.core.roles import AUDITOR, DISTRIBUTION_MANAGER, DOCUMENTATION, ensure_roles

pytestmark = pytest.mark.django_db
URL = "/api/v1/distribution-runs/"


def client_with_role(role: str) -> APIClient:
    user = User.objects.create_user(f"user-{role}", password="x", is_staff=True)
    user.groups.add(ensure_roles()[role])
    client = APIClient()
    client.force_authenticate(user)
    return client


def create(client, report, code=201, **overrides):
    data = {
        "name": "API run",
        "reports": [report.pk],
        "right_type": "PR",
        "territory": "2136",
        "gross": "1000.00",
        "currency": "EUR",
        "admin_percent": "15",
        "social_percent": "10",
        "threshold": "50.00",
        **overrides,
    }
    response = client.post(URL, data, format="json")
    assert response.status_code == code, response.content
    return response.json()


def test_create_calculates_and_reports_progress_and_summary():
    manager = client_with_role(DISTRIBUTION_MANAGER)
    report, _, _ = worked_example()
    run = create(manager, report)
    assert (run["status"], run["admin_amount"], run["net_amount"], run["job"]["status"]) == (
        "calculated",
        15000,
        75000,
        "succeeded",
    )
    progress = manager.get(f"{URL}{run['id']}/progress/").json()
    assert progress["percent"] == 100 and progress["done"] == progress["total"]
    summary = manager.get(f"{URL}{run['id']}/summary/").json()
    assert (summary["G"], summary["balanced"], summary["suspense"]["unclaimed"]) == (100000, True, 2)
    assert summary["unidentified_split"] == [{"key": "KX4", "weight": 1}]


def test_bad_input_is_a_400_with_the_reason():
    manager = client_with_role(DISTRIBUTION_MANAGER)
    report, _, _ = worked_example()
    body = create(manager, report, code=400, gross="10.001")
    assert "two decimals" in str(body)


def test_approval_needs_its_permission_and_freezes_the_run():
    report, _, _ = worked_example()
    manager = client_with_role(DISTRIBUTION_MANAGER)
    run = create(manager, report)
    documentation = client_with_role(DOCUMENTATION)
    assert documentation.post(f"{URL}{run['id']}/approve/").status_code == 403
    approved = manager.post(f"{URL}{run['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = manager.post(f"{URL}{run['id']}/calculate/")
    assert again.status_code == 400 and "immutable" in str(again.json())


def test_auditor_reads_but_cannot_create():
    report, _, _ = worked_example()
    auditor = client_with_role(AUDITOR)
    assert auditor.post(URL, {"name": "x"}, format="json").status_code == 403
    assert auditor.get(URL).status_code == 200


def test_lines_and_statements_download():
    report, parties, (x, y) = worked_example()
    manager = client_with_role(DISTRIBUTION_MANAGER)
    run = create(manager, report)
    lines = manager.get(f"{URL}{run['id']}/lines/", {"payee_kind": "society"}).json()["results"]
    assert [(x_["payee"], x_["work"], x_["amount"]) for x_ in lines] == [("052", x.iswc, 18750)]
    response = manager.get(f"{URL}{run['id']}/statements/", {"as": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"payout_lines.xlsx", "summary.xlsx", f"statement_{parties['B'].ipi_name}.xlsx"} <= set(names)
    assert manager.get(f"{URL}{run['id']}/statements/", {"as": "pdf"}).status_code == 400


def test_run_list_has_no_n_plus_one(django_assert_max_num_queries):
    manager = client_with_role(DISTRIBUTION_MANAGER)
    report, _, _ = worked_example()
    for i in range(3):
        create(manager, report, name=f"run {i}")
    with django_assert_max_num_queries(8):
        assert len(manager.get(URL).json()["results"]) == 3
