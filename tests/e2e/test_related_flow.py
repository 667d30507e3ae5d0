"""Related rights in the browser: identify a broadcast report to recordings, accept a candidate in the recording
review queue, start a neighbouring-rights run (a job), open a performer's statement. Screenshots of the screens go
to test-artifacts/screenshots/ (related-*)."""

import csv

import pytest
from playwright.sync_api import expect

from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.models import RecordingMatch
from tests.web.related_data import broadcast_report, build_related

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def related(transactional_db, tmp_path):
    data = build_related()
    return {**data, "report": broadcast_report(tmp_path)}


def test_neighbouring_rights_in_the_browser(page, shot, log_in, related):
    log_in()
    page.click("nav >> text=Recordings")
    expect(page.locator("h1")).to_have_text("Recordings")
    page.fill("#id_q", "GB-AYE-25-00001")
    page.click("button:has-text('Search')")
    page.click("a:has-text('Blue Morning')")
    expect(page.locator("h2", has_text="Performers")).to_be_visible()
    expect(page.locator("text=Non-featured performer")).to_be_visible()
    shot("related-01-recording")

    page.click(".crumbs >> text=Recordings")
    page.click("a.btn:has-text('Usage to recordings')")
    shot("related-02-reports")
    page.click("button:has-text('Identify to recordings')")
    expect(page.locator(".progress [data-status]")).to_have_text("Succeeded")
    expect(page.locator(".stat", has_text="Lines to review")).to_contain_text("1")
    shot("related-03-identified")

    page.click("a.btn:has-text('Review recordings')")
    expect(page.locator("h1")).to_have_text("Recording review queue")
    shot("related-04-review-queue")
    page.click("a.btn:has-text('Review')")
    expect(page.locator("h2", has_text="Candidates")).to_be_visible()
    shot("related-05-review-match")
    page.locator("tr", has_text="Kofi Band").locator("button:has-text('Accept')").click()
    expect(page.locator(".msg.success")).to_contain_text("identified as recording Night Train")
    decided = RecordingMatch.objects.get(match__title="Night Train", match__artist="")
    assert (decided.status, decided.recording) == ("confirmed", related["train"])

    page.click("nav >> text=Distribution")
    page.click("text=New neighbouring-rights run")
    page.check(f"#report-{related['report'].pk}")
    page.fill("#id_name", "Radio NR Q1 2026")
    page.fill("#id_gross", "1000.00")
    page.fill("#id_featured_weight", "2")
    shot("related-06-run-form")
    page.click("button:has-text('Create and calculate')")
    expect(page.locator("h2", has_text="Neighbouring-rights run")).to_be_visible()
    expect(page.locator("text=Conservation check passed")).to_be_visible()
    expect(page.locator(".facts").first).to_contain_text("Related rights")
    shot("related-07-run")
    page.click("button:has-text('Approve')")
    expect(page.locator(".messages .msg.success")).to_contain_text("approved")
    run = DistributionRun.objects.get()
    assert run.status == DistributionRun.Status.APPROVED and run.job.kind == "related_run"

    singer = related["singer"].payee_key
    with page.expect_download() as download_info:
        page.click(f"a[href$='/statement/{singer}.csv']")
    rows = list(csv.reader(download_info.value.path().open(encoding="utf-8")))
    assert rows[0][:3] == ["kind", "work", "title"] and rows[1][1:3] == ["GBAYE2500001", "Blue Morning"]
    paid = sum(PayoutLine.objects.filter(run=run, payee=singer).values_list("amount", flat=True))
    assert rows[-2][0] == "total_paid" and int(rows[-2][-1]) == paid > 0
    shot("related-08-run-approved")
