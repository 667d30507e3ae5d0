"""A day of CMO work in the browser: log in, upload usage, review a match, run and approve a distribution,
download a statement, switch language. Screenshots of the main screens go to test-artifacts/screenshots/."""

import csv

import pytest
from playwright.sync_api import expect

from distribution.runs.models import DistributionRun
from distribution.usage.models import Match
from tests.web.data import USAGE_CSV

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def upload_report(page, tmp_path):
    report = tmp_path / "radio_q1.csv"
    report.write_text(USAGE_CSV, encoding="utf-8")
    page.click("nav >> text=Usage")
    page.click("text=Upload a report")
    page.set_input_files("#id_file", str(report))
    page.fill("#id_source", "Radio One")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-03-31")
    page.click("button:has-text('Import')")
    expect(page.locator(".msg.success")).to_contain_text("Report imported: 3 lines, 0 rejected")


def test_staff_day_in_the_browser(page, shot, log_in, tmp_path, repertoire):
    log_in()
    shot("01-dashboard")

    upload_report(page, tmp_path)
    shot("02-usage-report")
    page.click("button:has-text('Identify works')")
    expect(page.locator(".progress [data-status]")).to_have_text("Succeeded")
    shot("03-identification")

    page.click("text=Review matches")
    shot("04-review-queue")
    page.click("a.btn:has-text('Review')")
    expect(page.locator("h2", has_text="Candidates")).to_be_visible()
    shot("05-review-match")
    page.locator("form:has(button:has-text('Accept'))").first.locator("button").click()
    expect(page.locator(".msg.success")).to_contain_text("identified as Home")
    assert Match.objects.get(title="Home").status == Match.Status.CONFIRMED

    page.click("nav >> text=Distribution")
    page.click("text=New distribution run")
    page.check("input[name=reports]")
    page.click("button:has-text('Next')")
    page.fill("#id_name", "Radio Q1 2026")
    page.fill("#id_gross", "1000.00")
    page.click("button:has-text('Preview')")
    expect(page.locator("tfoot")).to_contain_text(["750.00 EUR"])
    shot("06-run-preview")
    page.click("button:has-text('Create and calculate')")
    expect(page.locator(".badge.calculated").first).to_be_visible()
    expect(page.locator("text=Conservation check passed")).to_be_visible()
    shot("07-run-summary")
    page.click("button:has-text('Approve')")
    expect(page.locator(".messages .msg.success")).to_contain_text("approved")
    assert DistributionRun.objects.get().status == DistributionRun.Status.APPROVED
    shot("08-run-approved")

    with page.expect_download() as download_info:
        page.click(f"a[href$='/statement/{repertoire['paul'].ipi_name}.csv']")
    rows = list(csv.reader(download_info.value.path().open(encoding="utf-8")))
    assert rows[0][:2] == ["kind", "work"] and rows[1][2] == "Yesterday"

    page.click("nav >> text=Works")
    shot("09-works")
    page.click("text=Yesterday")
    shot("10-work-detail")
    page.click("a.btn:has-text('Edit')")
    page.fill("input[name=shares-0-pr_share]", "70")
    page.click("button:has-text('Save')")
    expect(page.locator(".msg.error")).to_contain_text("more than 100 %")
    shot("10b-work-edit-error")
    page.click("a.btn:has-text('Cancel')")
    page.click("text=Paul McCartney")
    shot("11-party-detail")

    page.select_option("#language", "fr")
    expect(page.locator("nav")).to_contain_text("Tableau de bord")
    shot("12-party-detail-fr")
    page.click("nav >> text=Tableau de bord")
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    shot("13-dashboard-fr")
    page.select_option("#language", "es")
    expect(page.locator("h1")).to_have_text("Panel de control")
    page.click("nav >> text=Reparto")
    shot("14-runs-es")
