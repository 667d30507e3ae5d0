"""REST API of usage reports and the review queue."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from distribution.usage.models import KeyDecision, Match, UsageReport
from tests.factories import PartyFactory, WorkFactory, WorkShareFactory

pytestmark = pytest.mark.django_db

CSV = "title,writers,plays\nHome,J. Smith,2\nYesterday,McCartney,1\nNothing Known,Nobody,1\nBad,X,zero\n"


def _client(*codenames):
    user = User.objects.create_user(f"u{User.objects.count()}", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def staff():
    return _client("view_usagereport", "change_usagereport", "view_match", "change_match")


@pytest.fixture
def identified(staff):
    smith = PartyFactory(last_name="Smith")
    WorkShareFactory(work=WorkFactory(title="Home"), party=smith)
    WorkShareFactory(work=WorkFactory(title="Home"), party=smith)
    WorkShareFactory(work=WorkFactory(title="Yesterday", iswc="T0345246801"), party=PartyFactory(last_name="McCartney"))
    upload = SimpleUploadedFile("radio.csv", CSV.encode(), content_type="text/csv")
    response = staff.post(
        "/api/v1/usage-reports/upload/",
        {"file": upload, "source": "Radio", "period": "2026-01-01..2026-03-31", "right_type": "PR"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    report_id = response.json()["report"]
    assert staff.post(f"/api/v1/usage-reports/{report_id}/identify/").status_code == 201
    return UsageReport.objects.get(pk=report_id)


def test_upload_identify_and_read_counts(staff, identified):
    detail = staff.get(f"/api/v1/usage-reports/{identified.pk}/").json()
    assert (detail["line_count"], detail["rejected_count"]) == (3, 1)
    assert detail["counts"] == {"auto": 1, "review": 1, "unidentified": 1}
    rejections = staff.get(f"/api/v1/usage-reports/{identified.pk}/rejections/").json()["results"]
    assert [(r["line"], r["field"]) for r in rejections] == [(4, "plays")]


def test_review_queue_lists_candidates_and_accepting_one_is_remembered(staff, identified):
    queue = staff.get("/api/v1/usage-matches/", {"status": "review", "report": identified.pk}).json()["results"]
    assert len(queue) == 1 and len(queue[0]["candidates"]) == 2
    chosen = queue[0]["candidates"][1]["work"]
    response = staff.post(f"/api/v1/usage-matches/{queue[0]['id']}/accept/", {"work": chosen}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["work"]) == ("confirmed", chosen)
    assert KeyDecision.objects.get(key=queue[0]["key"]).work_id == chosen


def test_bulk_marks_unidentifiable_and_unknown_ids_are_a_400(staff, identified):
    unknown = Match.objects.get(report=identified, status="unidentified")
    response = staff.post(
        "/api/v1/usage-matches/bulk/", {"ids": [unknown.pk], "action": "unidentifiable"}, format="json"
    )
    assert response.json() == {"updated": 1}
    unknown.refresh_from_db()
    assert unknown.status == "rejected"
    response = staff.post("/api/v1/usage-matches/bulk/", {"ids": [999999], "action": "accept"}, format="json")
    assert response.status_code == 400


def test_export_through_the_api_lists_every_line(staff, identified):
    response = staff.get(f"/api/v1/usage-reports/{identified.pk}/export/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["line"], r["status"]) for r in rows] == [
        ("1", "review"),
        ("2", "auto"),
        ("3", "unidentified"),
        ("4", "error"),
    ]
    assert rows[1]["work"] == "T0345246801"


def test_reading_needs_the_view_permission_and_reviewing_the_change_permission(identified):
    assert _client().get("/api/v1/usage-reports/").status_code == 403
    reader = _client("view_usagereport", "view_match")
    assert reader.get("/api/v1/usage-matches/").status_code == 200
    match = Match.objects.filter(report=identified).first()
    assert reader.post(f"/api/v1/usage-matches/{match.pk}/unidentifiable/").status_code == 403


def test_list_of_matches_makes_a_fixed_number_of_queries(staff, identified, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert staff.get("/api/v1/usage-matches/").status_code == 200
