"""API of the recording review queue: list by status, accept a candidate, mark unidentifiable (remembered)."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from distribution.usage.models import Match, RecordingKeyDecision, RecordingMatch, UsageReport
from wipoconnect.core.roles import AUDITOR, DOCUMENTATION, ensure_roles
from works.models import Recording

pytestmark = pytest.mark.django_db


def client(role: str) -> APIClient:
    groups = ensure_roles()
    user = User.objects.create_user(f"u-{role}", password="x", is_staff=True)
    user.groups.add(groups[role])
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def queue():
    report = UsageReport.objects.create(
        source="tv",
        filename="tv.csv",
        checksum="1" * 64,
        format="csv",
        period_start="2026-01-01",
        period_end="2026-03-31",
        right_type="PR",
    )
    one, two = Recording.objects.create(title="Night Train", artist="A"), Recording.objects.create(title="Night Train")
    candidates = [
        {"recording": one.pk, "key": "R1", "title": "Night Train", "score": 80.0},
        {"recording": two.pk, "key": "R2", "title": "Night Train", "score": 80.0},
    ]
    review = RecordingMatch.objects.create(
        match=Match.objects.create(report=report, key="k1", title="Night Train", plays=5),
        status="review",
        method="fuzzy",
        score=80,
        candidates=candidates,
        recording=one,
    )
    RecordingMatch.objects.create(match=Match.objects.create(report=report, key="k2", title="Jingle"))
    return review, two


def test_review_queue_lists_keys_to_review_and_staff_accept_another_candidate(queue):
    review, other = queue
    api = client(DOCUMENTATION)
    listed = api.get("/api/v1/recording-matches/", {"status": "review"}).json()["results"]
    assert [(r["id"], r["title"], r["plays"]) for r in listed] == [(review.pk, "Night Train", 5)]
    answer = api.post(f"/api/v1/recording-matches/{review.pk}/accept/", {"recording": other.pk}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    assert answer.json()["recording"] == other.pk
    assert RecordingKeyDecision.objects.get(key="k1").recording == other
    missing = api.post(f"/api/v1/recording-matches/{review.pk}/accept/", {"recording": 10**6}, format="json")
    assert missing.status_code == 400 and "recording" in missing.json()


def test_unidentifiable_is_remembered_and_auditors_cannot_decide(queue):
    review, _ = queue
    assert client(AUDITOR).post(f"/api/v1/recording-matches/{review.pk}/unidentifiable/").status_code == 403
    answer = client(DOCUMENTATION).post(f"/api/v1/recording-matches/{review.pk}/unidentifiable/")
    assert answer.json()["status"] == "rejected"
    assert RecordingKeyDecision.objects.get(key="k1").status == "rejected"


def test_staff_identify_a_report_to_recordings_and_staff_decisions_are_kept(queue):
    review, other = queue
    api = client(DOCUMENTATION)
    api.post(f"/api/v1/recording-matches/{review.pk}/accept/", {"recording": other.pk}, format="json")
    answer = api.post("/api/v1/recording-matches/identify/", {"report": review.match.report_id}, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["report"] == review.match.report_id
    assert RecordingMatch.objects.get(match__key="k1").recording == other  # the remembered decision
    assert client(AUDITOR).post("/api/v1/recording-matches/identify/", {"report": 1}).status_code == 403
