"""CWR upload through the REST API: imported as a Job (eager in tests), counts and progress in the answer, the ACK
downloadable; permissions are the model's."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from exchange.models import CwrFile
from tests.exchange.cwr_helpers import GOLDEN
from works.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SOCIETY_CODE = "052"
    user = User.objects.create_user("clerk")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_cwrfile", "view_cwrfile"]))
    api = APIClient()
    api.force_authenticate(user)
    return api


def upload(client, name="CW250001SUN_052.V21"):
    with open(GOLDEN / name, "rb") as handle:
        return client.post("/api/v1/cwr-files/", {"file": handle}, format="multipart")


def test_upload_runs_the_import_as_a_job_and_the_ack_downloads(client):
    response = upload(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["transactions"], body["accepted"], body["rejected"], body["version"]) == (2, 2, 0, "2.1")
    assert body["job"]["status"] == "succeeded" and body["job"]["done"] == body["job"]["total"] == 2
    assert body["job"]["result"]["summary"] == f"cwr {body['id']}: 2 transactions, 2 accepted, 0 rejected"
    assert Work.objects.count() == 2
    ack = client.get(f"/api/v1/cwr-files/{body['id']}/ack/")
    assert ack.status_code == 200
    assert ack["Content-Disposition"] == f'attachment; filename="{body["ack_filename"]}"'
    assert ack.content.startswith(b"HDRSO000000052") and ack.content.count(b"\r\nACK") == 2


def test_uploading_the_same_file_again_answers_with_the_first_import(client):
    first = upload(client).json()
    again = upload(client)
    assert again.status_code == 201
    assert again.json()["id"] == first["id"]
    assert again.json()["job"]["result"]["summary"] == f"cwr {first['id']}: already imported"
    assert CwrFile.objects.count() == 1


def test_a_file_that_is_not_cwr_fails_its_job(client, tmp_path):
    bad = tmp_path / "CW250009SUN_052.V21"
    bad.write_text("NOT A CWR FILE\r\n")
    with open(bad, "rb") as handle:
        response = client.post("/api/v1/cwr-files/", {"file": handle}, format="multipart")
    assert response.status_code == 400
    assert "first record must be HDR" in response.json()["job"]["error"]
    assert client.get(f"/api/v1/cwr-files/{response.json()['id']}/").json()["status"] == "failed"


def test_listing_needs_the_view_permission():
    anonymous = APIClient()
    assert anonymous.get("/api/v1/cwr-files/").status_code in (401, 403)
