"""Usage and distribution screens through the real services: upload, identify, review, run, approve, statements."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.models import Match, UsageReport
from tests.web.data import USAGE_CSV
from wipoconnect.core import roles
from wipoconnect.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, content=USAGE_CSV, name="radio.csv"):
    data = {
        "file": SimpleUploadedFile(name, content.encode(), content_type="text/csv"),
        "source": "Radio One",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "right_type": "PR",
        "territory": "2136",
        "format": "",
    }
    return client.post(reverse("usage:upload"), data, follow=True)


def identified_report(client) -> UsageReport:
    upload(client)
    report = UsageReport.objects.get()
    client.post(reverse("usage:identify", args=[report.pk]))
    return report


def test_upload_imports_the_report_and_lands_on_it(client_as, repertoire):
    response = upload(client_as(roles.DOCUMENTATION))
    report = UsageReport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("usage:detail", args=[report.pk])
    assert report.line_count == 3 and report.source == "Radio One"
    assert Job.objects.get(kind="import_usage").status == Job.Status.SUCCEEDED


def test_upload_form_errors_are_shown_next_to_fields(client_as):
    client = client_as(roles.DOCUMENTATION)
    response = client.post(
        reverse("usage:upload"),
        {
            "source": "",
            "period_start": "2026-03-01",
            "period_end": "2026-01-01",
            "right_type": "PR",
            "territory": "9999",
        },
    )
    form = response.context["form"]
    assert set(form.errors) >= {"file", "source", "period_end", "territory"}
    assert not UsageReport.objects.exists()


def test_a_broken_file_shows_the_import_error(client_as, repertoire):
    response = upload(client_as(roles.DOCUMENTATION), content="foo,bar\n1,2\n")
    assert response.context["job"].status == Job.Status.FAILED
    assert "no title" in response.content.decode()


def test_identification_progress_and_counts(client_as, repertoire):
    client = client_as(roles.DOCUMENTATION)
    upload(client)
    report = UsageReport.objects.get()
    response = client.post(reverse("usage:identify", args=[report.pk]), follow=True)
    job = response.context["job"]
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100
    counts = response.context["counts"]
    assert (counts.auto, counts.review, counts.unidentified) == (1, 1, 1)  # lines, one per outcome
    progress = client.get(reverse("job-progress", args=[job.pk])).json()
    assert progress["finished"] and progress["percent"] == 100


def test_review_queue_shows_candidates_side_by_side_and_accepts_one(client_as, repertoire):
    client = client_as(roles.DOCUMENTATION)
    identified_report(client)
    queue = client.get(reverse("usage:review"))
    [match] = list(queue.context["page"])
    assert match.title == "Home"
    page = client.get(reverse("usage:match", args=[match.pk]))
    assert {c["work"] for c in page.context["candidates"]} == {w.pk for w in repertoire["home"]}
    chosen = repertoire["home"][1]
    client.post(reverse("usage:accept", args=[match.pk]), {"work": chosen.pk})
    match.refresh_from_db()
    assert (match.status, match.work_id, match.decided_by.username) == ("confirmed", chosen.pk, "documentation_staff")


def test_review_search_another_work_and_accept_it(client_as, repertoire):
    client = client_as(roles.DOCUMENTATION)
    identified_report(client)
    match = Match.objects.get(status=Match.Status.REVIEW)
    found = client.get(reverse("usage:match", args=[match.pk]), {"q": "Yesterday"}).context["found"]
    assert [w.pk for w in found] == [repertoire["yesterday"].pk]
    client.post(reverse("usage:accept", args=[match.pk]), {"work": repertoire["yesterday"].pk})
    match.refresh_from_db()
    assert match.work == repertoire["yesterday"] and match.method == Match.Method.MANUAL


def test_bulk_review_marks_keys_unidentifiable(client_as, repertoire):
    client = client_as(roles.DOCUMENTATION)
    identified_report(client)
    ids = list(Match.objects.filter(status=Match.Status.REVIEW).values_list("pk", flat=True))
    client.post(reverse("usage:review-bulk"), {"match": ids, "action": "unidentifiable"})
    assert set(Match.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"rejected"}


def test_auditor_cannot_decide_a_match(client_as, repertoire):
    identified_report(client_as(roles.DOCUMENTATION))
    match = Match.objects.get(status=Match.Status.REVIEW)
    auditor = client_as(roles.AUDITOR)
    assert auditor.post(reverse("usage:accept", args=[match.pk])).status_code == 403
    assert auditor.post(reverse("usage:review-bulk"), {"match": [match.pk], "action": "accept"}).status_code == 403
    assert Match.objects.get(pk=match.pk).status == Match.Status.REVIEW


def run_wizard(client, report, **overrides):
    client.post(reverse("distribution:new"), {"step": "reports", "right_type": "PR", "reports": [report.pk]})
    params = {
        "step": "parameters",
        "name": "Radio Q1",
        "territory": "2136",
        "gross": "1000.00",
        "currency": "EUR",
        "admin": "15",
        "social": "10",
        "weighting": "plays",
        "threshold": "0",
        **overrides,
    }
    preview = client.post(reverse("distribution:new"), params)
    return preview, client.post(reverse("distribution:new"), {"step": "confirm"}, follow=True)


def test_run_wizard_previews_deductions_then_creates_and_calculates(client_as, repertoire):
    client = client_as(roles.DISTRIBUTION_MANAGER)
    report = identified_report(client)
    preview, done = run_wizard(client, report)
    deductions = preview.context["preview"]["deductions"]
    assert (deductions.gross, deductions.admin, deductions.social, deductions.net) == (100000, 15000, 10000, 75000)
    run = DistributionRun.objects.get()
    assert run.status == DistributionRun.Status.CALCULATED
    summary = done.context["summary"]
    assert summary["balanced"] and summary["N"] == 75000
    # 10 plays: 3 Yesterday (auto), 5 Home (in review → not identified), 2 unknown
    assert summary["suspense"]["unidentified"] == 75000 * 7 // 10
    assert sum(PayoutLine.objects.filter(run=run).values_list("amount", flat=True)) == 75000


def test_wizard_refuses_parameters_with_reasons(client_as, repertoire):
    client = client_as(roles.DISTRIBUTION_MANAGER)
    report = identified_report(client)
    client.post(reverse("distribution:new"), {"step": "reports", "right_type": "MR", "reports": [report.pk]})
    response = client.post(reverse("distribution:new"), {"step": "reports", "right_type": "MR", "reports": [report.pk]})
    assert "not of the chosen right type" in " ".join(response.context["form"].errors["reports"])
    preview, _ = run_wizard(client, report, admin="60", social="50")
    assert "social" in preview.context["form"].errors
    assert not DistributionRun.objects.exists()


def test_statements_download_after_approval(client_as, repertoire):
    client = client_as(roles.DISTRIBUTION_MANAGER)
    _, done = run_wizard(client, identified_report(client))
    run = DistributionRun.objects.get()
    client.post(reverse("distribution:approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == DistributionRun.Status.APPROVED
    payee = done.context["payees"][0]["payee"]
    response = client.get(reverse("distribution:statement", args=[run.pk, payee]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["kind", "work"] and rows[-2][0] == "total_paid"
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("distribution:statements-zip", args=[run.pk, "csv"])).content)
    )
    assert {"payout_lines.csv", "summary.csv", f"statement_{payee}.csv"} <= set(archive.namelist())
    # the single download is the same statement as the exported file
    assert archive.read(f"statement_{payee}.csv").decode().splitlines() == response.content.decode().splitlines()


def test_dashboard_lists_problems_jobs_and_suspense(client_as, repertoire):
    client = client_as(roles.DISTRIBUTION_MANAGER)
    run_wizard(client, identified_report(client))
    context = client.get(reverse("dashboard")).context
    assert context["unbalanced_count"] == 1 and context["review_keys"] == 1 and context["review_lines"] == 1
    assert {row["payee"] for row in context["suspense"]} >= {"unidentified"}
    assert {job.kind for job in context["jobs"]} >= {"import_usage", "identify_usage", "distribution"}


def test_dashboard_suspense_is_what_claims_have_not_drawn(client_as):
    from distribution.runs import claims
    from distribution.runs import services as runs
    from tests.distribution.runs import run_factories

    report, _, (x, _) = run_factories.worked_example()
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
    runs.approve(run.pk)
    client = client_as(roles.DISTRIBUTION_MANAGER)

    def held():
        return {row["payee"]: row["amount"] for row in client.get(reverse("dashboard")).context["suspense"]}

    assert held() == {"unidentified": 18750, "unclaimed": 2}  # distribution-rules.md, worked example
    claim = claims.file_claim(run_id=run.pk, account="unidentified", work_id=x.pk, key="KX4")
    claims.accept_claim(claim_id=claim.pk)
    claims.run_adjustment(run_id=run.pk)
    assert held() == {"unclaimed": 2}
