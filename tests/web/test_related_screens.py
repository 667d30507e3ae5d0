"""Related-rights screens: recordings (list, detail, edit through the service), identification of a report to
recordings with its review queue, and a neighbouring-rights run started as a job; each refused to a role without
the permission. RR is labelled wherever a right type is shown."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from distribution.runs.models import DistributionRun, PayoutLine, RunOrigin
from distribution.runs.tasks import RELATED_RUN_JOB, run_related
from distribution.usage.models import RecordingKeyDecision, RecordingMatch
from distribution.usage.recordings import identify_recordings
from rightowners.models import Membership
from tests.web.related_data import broadcast_report, build_related
from wipoconnect.core import jobs, roles
from wipoconnect.core.models import Job

pytestmark = pytest.mark.django_db

MANAGER, DOCUMENTATION, AUDITOR = roles.DISTRIBUTION_MANAGER, roles.DOCUMENTATION, roles.AUDITOR


@pytest.fixture
def related(db):
    return build_related()


@pytest.fixture
def report(related, tmp_path):
    return broadcast_report(tmp_path)


@pytest.fixture
def identified(report):
    identify_recordings(report=report)
    return report


def run_form(report, **changes) -> dict:
    return {
        "reports": [report.pk],
        "name": "NR Q1 2026",
        "territory": "2136",
        "gross": "1000.00",
        "currency": "EUR",
        "admin": "10",
        "social": "5",
        "weighting": "plays",
        "threshold": "0",
        "producers": "50",
        "featured_weight": "2",
        "non_featured_weight": "1",
        **changes,
    }


def calculate_run(report) -> Job:
    """A run calculated as its job would be by the worker (the screen's path, without the request)."""
    parameters = {**{k: v for k, v in run_form(report).items() if k != "reports"}, "report_ids": [report.pk]}
    return run_related(jobs.create_job(RELATED_RUN_JOB, total=1).pk, parameters)


def test_recording_list_searches_by_isrc_title_and_artist_and_pages(client_as, related):
    client = client_as(AUDITOR)
    url = reverse("related:recordings")
    by_isrc = client.get(url, {"q": "GB-AYE-25-00001"}).content.decode()
    assert "Blue Morning" in by_isrc and "Night Train" not in by_isrc
    assert '<td class="num">2</td><td class="num">1</td>' in by_isrc  # two performers, one producer
    by_title = client.get(url, {"q": "night"}).content.decode()
    assert by_title.count(">Night Train</a>") == 2 and "Blue Morning" not in by_title
    by_artist = client.get(url, {"q": "mira"}).content.decode()
    assert "SEAAA2500003" in by_artist and "GBAYE2500002" not in by_artist
    assert "1–3 of 3" in client.get(url).content.decode()


def test_recording_detail_shows_works_performers_and_producers_and_is_linked_from_its_work(client_as, related):
    client = client_as(AUDITOR)
    page = client.get(reverse("related:recording", args=[related["blue"].pk])).content.decode()
    assert reverse("works:detail", args=[related["work"].pk]) in page  # the work recorded
    assert "Ada Okafor" in page and "Main artist" in page and "vocals" in page
    assert "Kwame Mensah" in page and "Non-featured performer" in page and "drums" in page
    assert "Atlas Records" in page and "100.00 %" in page
    assert reverse("related:recording-edit", args=[related["blue"].pk]) not in page  # the auditor may not edit
    work_page = client.get(reverse("works:detail", args=[related["work"].pk])).content.decode()
    assert reverse("related:recording", args=[related["blue"].pk]) in work_page


def edit_form(related, **changes) -> dict:
    data = {
        "performers-TOTAL_FORMS": "2",
        "performers-INITIAL_FORMS": "0",
        "performers-0-party": related["singer"].code,
        "performers-0-role": "main",
        "performers-0-instrument": "voice",
        "performers-1-party": related["band"].code,
        "performers-1-role": "featured",
        "performers-1-instrument": "",
        "producers-TOTAL_FORMS": "2",
        "producers-INITIAL_FORMS": "0",
        "producers-0-party": related["label"].code,
        "producers-0-share": "60",
        "producers-0-territory": "2136",
        "producers-0-valid_from": "",
        "producers-0-valid_to": "",
        "producers-1-party": related["band"].code,
        "producers-1-share": "40",
        "producers-1-territory": "2136",
        "producers-1-valid_from": "2026-01-01",
        "producers-1-valid_to": "",
    }
    return {**data, **changes}


def test_recording_edit_saves_through_the_service_and_shows_its_errors_on_the_form(client_as, related):
    blue = related["blue"]
    url = reverse("related:recording-edit", args=[blue.pk])
    client = client_as(DOCUMENTATION)
    form = client.get(url).content.decode()
    assert f'value="{related["drummer"].code}"' in form and 'value="drums"' in form  # current performers

    over = client.post(url, edit_form(related, **{"producers-1-share": "50"}))  # 60 + 50 from 2026-01-01
    assert over.status_code == 200
    assert "producer shares sum to 110 % in territory 2136 from 2026-01-01" in over.content.decode()
    unknown = client.post(url, edit_form(related, **{"performers-1-party": "P99999999"}))
    assert "No party with code or IPI name number P99999999" in unknown.content.decode()
    assert list(blue.contributors.values_list("party__code", flat=True)) == ["P90000001", "P90000002"]  # unchanged

    saved = client.post(url, edit_form(related))
    assert saved.status_code == 302 and saved.url == reverse("related:recording", args=[blue.pk])
    assert list(blue.contributors.values_list("party__code", "role", "instrument")) == [
        ("P90000001", "main", "voice"),
        ("P90000003", "featured", ""),
    ]
    assert sorted(blue.producer_shares.values_list("party__code", "share")) == [("P90000003", 40), ("P90000004", 60)]
    page = client.get(reverse("related:recording", args=[blue.pk])).content.decode()
    assert "Recording Blue Morning saved." in page and "History" in page


def test_recording_edit_is_refused_to_the_auditor(client_as, related):
    client = client_as(AUDITOR)
    url = reverse("related:recording-edit", args=[related["blue"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_form(related)).status_code == 403
    assert related["blue"].contributors.count() == 2


def test_identify_a_report_to_recordings_as_a_job(client_as, report):
    client = client_as(DOCUMENTATION)
    listing = client.get(reverse("related:reports")).content.decode()
    assert "Radio Related" in listing and "Not identified to recordings yet." in listing
    response = client.post(reverse("related:identify", args=[report.pk]))
    job = Job.objects.get(kind="identify_recordings")
    assert response.url == f"{reverse('related:report', args=[report.pk])}?job={job.pk}"
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (4, 4)  # eager: in this process
    assert job.result["summary"] == f"report {report.pk}: 2 auto, 1 review, 1 unidentified"
    page = client.get(response.url).content.decode()
    assert "Review recordings" in page and "Identification to recordings" in page
    assert client_as(AUDITOR).post(reverse("related:identify", args=[report.pk])).status_code == 403


def test_review_queue_accepts_a_candidate_or_another_recording_and_marks_unidentifiable(client_as, related, identified):
    client = client_as(DOCUMENTATION)
    queue = client.get(reverse("related:review"), {"report": identified.pk}).content.decode()
    (queued,) = RecordingMatch.objects.filter(status="review")
    assert reverse("related:match", args=[queued.pk]) in queue and "Night Train" in queue
    page = client.get(reverse("related:match", args=[queued.pk]), {"q": "GBAYE2500001"}).content.decode()
    assert "Kofi Band" in page and "Mira Lund" in page  # both candidates, with their scores
    assert "Blue Morning" in page  # the search for another recording

    response = client.post(reverse("related:accept", args=[queued.pk]), {"recording": related["other"].pk})
    assert response.status_code == 302
    queued.refresh_from_db()
    assert (queued.status, queued.recording, queued.method) == ("confirmed", related["other"], "fuzzy")
    assert RecordingKeyDecision.objects.get(key=queued.match.key).recording == related["other"]

    unknown = RecordingMatch.objects.get(match__title="Unknown Song")
    client.post(reverse("related:unidentifiable", args=[unknown.pk]))
    unknown.refresh_from_db()
    assert unknown.status == "rejected" and unknown.recording is None

    auditor = client_as(AUDITOR)
    refused = auditor.post(reverse("related:accept", args=[queued.pk]), {"recording": related["blue"].pk})
    assert refused.status_code == 403
    assert auditor.get(reverse("related:review")).status_code == 200  # reading is allowed


def test_bulk_accept_takes_each_best_candidate_and_remembers_the_decisions(client_as, related, identified):
    client = client_as(DOCUMENTATION)
    queued = RecordingMatch.objects.get(status="review")
    best = queued.candidates[0]["recording"]
    rejected = RecordingMatch.objects.get(match__title="Unknown Song")
    response = client.post(
        reverse("related:review-bulk"),
        {"match": [queued.pk, rejected.pk], "action": "accept", "next": "/related/review/"},
    )
    assert response.url == "/related/review/"
    queued.refresh_from_db()
    assert queued.status == "confirmed" and queued.recording_id == best
    assert RecordingMatch.objects.get(pk=rejected.pk).status == "unidentified"  # not in review: left as it was
    assert RecordingKeyDecision.objects.get(key=queued.match.key).status == "confirmed"
    again = identify_recordings(report=identified)  # the decision comes back with the key
    assert (again.auto, again.review, again.unidentified) == (3, 0, 1)  # lines


def test_bulk_mark_unidentifiable(client_as, identified):
    client = client_as(MANAGER)
    queued = RecordingMatch.objects.get(status="review")
    client.post(reverse("related:review-bulk"), {"match": [queued.pk], "action": "unidentifiable"})
    queued.refresh_from_db()
    assert queued.status == "rejected" and RecordingKeyDecision.objects.get(key=queued.match.key).status == "rejected"
    client.post(reverse("related:review-bulk"), {"match": [queued.pk], "action": "explode"})
    assert client_as(AUDITOR).post(reverse("related:review-bulk"), {"match": [queued.pk]}).status_code == 403


def test_neighbouring_rights_run_from_the_screen_is_a_job_and_shows_its_split_and_totals(
    client_as, related, identified
):
    client = client_as(MANAGER)
    form = client.get(reverse("related:run-new")).content.decode()
    assert "Radio Related" in form and 'name="producers"' in form and 'name="non_featured_weight"' in form
    no_weights = run_form(identified, featured_weight="0", non_featured_weight="0")
    invalid = client.post(reverse("related:run-new"), no_weights)
    assert "The two performer weights cannot both be 0." in invalid.content.decode()

    started = client.post(reverse("related:run-new"), run_form(identified))
    job = Job.objects.get(kind=RELATED_RUN_JOB)
    assert started.url == reverse("related:run-progress", args=[job.pk])
    # chunk progress: one weigh chunk, one chunk of recordings, the finalization
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (3, 3)
    run = DistributionRun.objects.get()
    assert job.result["run"] == run.pk and run.job == job
    assert RunOrigin.objects.get(run=run).kind == "related" and run.right_type == "RR"
    assert sum(PayoutLine.objects.filter(run=run).values_list("amount", flat=True)) == run.net_amount == 85000

    opened = client.get(started.url)
    assert opened.url == reverse("distribution:detail", args=[run.pk])
    page = client.get(opened.url).content.decode()
    assert "Neighbouring-rights run" in page and "Related rights" in page and ">RR<" not in page
    assert "Recalculate" not in page  # a neighbouring-rights run is calculated anew, not recalculated
    lines = PayoutLine.objects.filter(run=run, payee_kind__in=["member", "society"])
    producers = sum(x.amount for x in lines if x.roles == "producer")
    performers = sum(x.amount for x in lines if x.roles != "producer")
    assert producers and performers and producers + performers == sum(x.amount for x in lines)
    assert f"{producers / 100:,.2f} EUR" in page and f"{performers / 100:,.2f} EUR" in page

    singer = related["singer"].payee_key
    statement = client.get(reverse("distribution:statement", args=[run.pk, singer]))
    rows = list(csv.reader(io.StringIO(statement.content.decode())))
    assert rows[0][:3] == ["kind", "work", "title"] and rows[1][1:3] == ["GBAYE2500001", "Blue Morning"]
    assert int(rows[-2][-1]) == sum(x.amount for x in lines if x.payee == singer)


def test_a_failed_run_job_shows_the_service_error(client_as, report):
    client = client_as(MANAGER)
    client.post(reverse("related:run-new"), run_form(report, producers="100", gross="0.001"))  # form refuses 3 dp
    assert not Job.objects.exists()
    job = jobs.create_job(RELATED_RUN_JOB, total=1)
    run_related(job.pk, {**{k: v for k, v in run_form(report).items() if k != "reports"}, "report_ids": [999]})
    page = client.get(reverse("related:run-progress", args=[job.pk])).content.decode()
    assert "usage report(s) 999: not all found" in page and not DistributionRun.objects.exists()


def test_starting_a_run_is_refused_to_documentation_and_auditor(client_as, report):
    for role in (DOCUMENTATION, AUDITOR):
        client = client_as(role)
        assert client.get(reverse("related:run-new")).status_code == 403
        assert client.post(reverse("related:run-new"), run_form(report)).status_code == 403
        client.logout()
    assert not Job.objects.filter(kind=RELATED_RUN_JOB).exists()


def test_a_run_job_is_not_calculated_twice(identified):
    job = jobs.create_job(RELATED_RUN_JOB, total=1)
    parameters = {**{k: v for k, v in run_form(identified).items() if k != "reports"}, "report_ids": [identified.pk]}
    first = run_related(job.pk, parameters)
    again = run_related(job.pk, parameters)  # a redelivered task
    assert first.status == again.status == Job.Status.SUCCEEDED and DistributionRun.objects.count() == 1


def test_rr_is_labelled_in_every_language(client_as, related, identified):
    calculate_run(identified)
    run = DistributionRun.objects.get()
    client = client_as(AUDITOR)
    for lang, label in (("en", "Related rights"), ("fr", "Droits voisins"), ("es", "Derechos conexos")):
        client.cookies["django_language"] = lang
        for url in (
            reverse("distribution:list"),
            reverse("distribution:detail", args=[run.pk]),
            reverse("parties:detail", args=[related["singer"].pk]),
        ):
            page = client.get(url).content.decode()
            assert label in page and "<td>RR</td>" not in page and "<dd>RR</dd>" not in page, (lang, url)
    with translation.override("en"):
        assert Membership.objects.filter(right_type="RR").first().get_right_type_display() == "Related rights"
    api = client.get("/api/v1/distribution-runs/").json()
    assert api["results"][0]["right_type"] == "RR"  # the code stays the API's value; its label is in the schema


def test_recording_screens_need_a_login(client, related):
    response = client.get(reverse("related:recordings"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_related_screens_show_no_english_only_label(client_as, related, identified, lang):
    from tests.web.test_i18n import _Text, english_labels

    job = calculate_run(identified)
    client = client_as(MANAGER)
    client.cookies["django_language"] = lang
    queued = RecordingMatch.objects.get(status="review")
    urls = [
        reverse("related:recordings"),
        reverse("related:recording", args=[related["blue"].pk]),
        reverse("related:recording-edit", args=[related["blue"].pk]),
        reverse("related:reports"),
        reverse("related:report", args=[identified.pk]),
        reverse("related:review"),
        reverse("related:match", args=[queued.pk]),
        reverse("related:run-new"),
        reverse("related:run-progress", args=[job.pk]),
        reverse("distribution:detail", args=[job.result["run"]]),
    ]
    english = english_labels(lang)
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        parser = _Text()
        parser.feed(response.content.decode())
        leftovers = sorted({t for t in parser.texts if t in english or t.strip(":›‹ ") in english})
        assert leftovers == [], f"{url} in {lang} shows English labels: {leftovers}"


def test_api_starts_a_neighbouring_rights_run_as_a_job_and_follows_it(client_as, identified):
    body = {
        "name": "NR API",
        "reports": [identified.pk],
        "gross": "500.00",
        "producers": "40",
        "featured_weight": "3",
        "non_featured_weight": "1",
    }
    assert client_as(AUDITOR).post("/api/v1/related-runs/", body, content_type="application/json").status_code == 403
    client = client_as(MANAGER)
    started = client.post("/api/v1/related-runs/", body, content_type="application/json")
    assert started.status_code == 202
    answer = started.json()
    run = DistributionRun.objects.get()
    assert answer["job"]["status"] == "succeeded" and answer["job"]["kind"] == RELATED_RUN_JOB
    assert answer["run"] == run.pk and run.summary["split"]["producers"] == "40"
    assert client.get(f"/api/v1/related-runs/{answer['job']['id']}/").json() == answer
    refused = client.post("/api/v1/related-runs/", {**body, "reports": [999]}, content_type="application/json")
    assert refused.status_code == 400 and DistributionRun.objects.count() == 1


def test_api_schema_describes_rr_as_related_rights(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "`RR` - Related rights" in schema and "/api/v1/related-runs/" in schema
