"""A partner key with submit_cwr uploads a CWR file and gets its counts and ACK back; without the scope it cannot."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from exchange.models import CwrFile, PartnerRequest
from exchange.partners.keys import create_key
from tests.factories import SocietyFactory
from works.models import Work

pytestmark = pytest.mark.django_db


def client_with(scopes: list[str]) -> APIClient:
    SocietyFactory(code="052")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {create_key(name='k', society_code='052', scopes=scopes).token}")
    return client


def upload(client: APIClient, path):
    return client.post("/api/v1/partner/cwr/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_a_partner_submits_a_cwr_file_and_reads_its_ack(shared_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_with(["submit_cwr"])
    response = upload(client, shared_data / "cwr-weso" / "nwrexample2.V21")
    assert response.status_code == 201, response.json()
    body = response.json()
    stored = CwrFile.objects.get(pk=body["id"])
    assert (body["transactions"], body["accepted"]) == (stored.transactions, stored.accepted)
    assert body["transactions"] > 0 and body["ack"].startswith("HDR") and body["ack_filename"]
    assert Work.objects.exists()
    assert PartnerRequest.objects.get().status == 201


def test_without_the_scope_a_key_cannot_submit(tmp_path):
    path = tmp_path / "CW260001XXX_052.V21"
    path.write_text("HDR")
    assert upload(client_with(["read_works"]), path).status_code == 403
    assert CwrFile.objects.count() == 0
