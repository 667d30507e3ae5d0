"""CWR screens through the exchange services: upload with the ACK shown, export download, roles."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import CwrFile
from wipoconnect.core import roles

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sample() -> Path:
    path = SAMPLES / "cwr-weso" / "nwrexample2.V21"
    if not path.is_file():
        pytest.skip(f"{path} is absent (real CWR samples exist only beside the project's CI and sessions)")
    return path


def test_upload_imports_the_file_and_shows_its_ack(client_as, sample):
    client = client_as(roles.DOCUMENTATION)
    upload = SimpleUploadedFile(sample.name, sample.read_bytes())
    response = client.post(reverse("exchange:upload"), {"file": upload}, follow=True)
    cwr = response.context["cwr"]
    assert cwr.direction == CwrFile.Direction.INCOMING and cwr.transactions > 0
    assert cwr.accepted + cwr.rejected == cwr.transactions
    page = response.content.decode()
    assert cwr.ack_filename in page and "HDR" in page
    ack = client.get(reverse("exchange:ack", args=[cwr.pk]))
    assert ack.content.decode("ascii").startswith("HDR")


def test_a_file_that_is_not_cwr_shows_the_error(client_as):
    client = client_as(roles.DOCUMENTATION)
    upload = SimpleUploadedFile("CW260001ABC_000.V21", b"this is not a CWR file\r\n")
    response = client.post(reverse("exchange:upload"), {"file": upload}, follow=True)
    cwr = CwrFile.objects.get()
    assert cwr.status == CwrFile.Status.FAILED
    assert cwr.error.splitlines()[0] in response.content.decode()


def test_export_downloads_a_cwr_file_named_by_the_convention(client_as, repertoire, settings):
    client = client_as(roles.DOCUMENTATION)
    response = client.post(reverse("exchange:export"), {"version": "2.2", "recipient": "52"})
    name = f"CW{__import__('datetime').date.today():%y}0001{settings.SOCIETY_CODE}_052.V22"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    lines = response.content.decode("ascii").splitlines()
    assert lines[0].startswith("HDR") and lines[-1].startswith("TRL")
    assert CwrFile.objects.get().recipient == "052"


def test_export_form_errors_are_shown(client_as):
    response = client_as(roles.DOCUMENTATION).post(reverse("exchange:export"), {"version": "9.9", "recipient": "x"})
    assert response.status_code == 400
    assert set(response.context["export_form"].errors) == {"version", "recipient"}


def test_auditor_reads_but_cannot_import_or_export(client_as, sample):
    client = client_as(roles.AUDITOR)
    assert client.get(reverse("exchange:list")).status_code == 200
    upload = SimpleUploadedFile(sample.name, sample.read_bytes())
    assert client.post(reverse("exchange:upload"), {"file": upload}).status_code == 403
    assert client.post(reverse("exchange:export"), {"version": "2.2", "recipient": "052"}).status_code == 403
    assert not CwrFile.objects.exists()
