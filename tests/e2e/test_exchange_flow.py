"""CWR in the browser: upload a real sample, follow the import, read the ACK; export a file for a society."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from exchange.models import CwrFile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SAMPLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "cwr-weso" / "nwrexample2.V21"


def test_cwr_upload_shows_the_ack_and_export_downloads_a_file(page, shot, log_in, repertoire):
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is absent (real CWR samples exist only beside the project's CI and sessions)")
    log_in()
    page.click("nav >> text=Exchange")
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("button:has-text('Import')")
    expect(page.locator("h2", has_text="Acknowledgement")).to_be_visible()
    expect(page.locator("pre.ack")).to_contain_text("HDR")
    shot("15-cwr-ack")
    assert CwrFile.objects.get(direction="in").transactions > 0

    page.click("nav >> text=Exchange")
    page.select_option("#id_version", "2.2")
    page.fill("#id_recipient", "052")
    with page.expect_download() as download_info:
        page.click("button:has-text('Export')")
    assert download_info.value.suggested_filename.endswith("_052.V22")
    assert download_info.value.path().read_text(encoding="ascii").startswith("HDR")
    page.reload()
    shot("16-cwr-files")
