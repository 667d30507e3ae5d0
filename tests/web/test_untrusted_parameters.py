"""Query parameters are untrusted: junk in them gets an answer (a page, an empty list or a 400), never a server
error. A NUL character (which no text column can store) is refused before any view runs."""

import pytest

pytestmark = pytest.mark.django_db

JUNK = [
    "/usage/?page=abc",
    "/usage/review/?report=abc",
    "/usage/review/?status=zzz",
    "/related/review/?report=abc",
    "/distribution/?status=zz",
    "/money/claims/?status=zz&run=abc",
    "/licensing/invoices/?licensee=abc&open=abc",
    "/api/v1/usage-matches/?report=abc",
    "/api/v1/recording-matches/?report=abc",
    "/api/v1/distribution-runs/?status=zz",
    "/api/v1/claims/?status=zz",
    "/api/v1/invoices/?period=abc",
    "/api/v1/receivables/?on=abc",
    "/api/v1/changes/?since=abc",
]
NUL = [
    "/works/?q=%00",
    "/parties/?q=%00",
    "/related/recordings/?q=%00",
    "/licensing/invoices/?q=%00",
    "/usage/review/?q=x&%00=1",
    "/api/v1/works/?title=%00",
    "/api/v1/parties/?q=%00",
]


@pytest.mark.parametrize("url", JUNK)
def test_junk_in_a_query_parameter_is_answered_without_a_server_error(admin_client, url):
    assert admin_client.get(url).status_code < 500


@pytest.mark.parametrize("url", NUL)
def test_a_nul_character_in_a_parameter_is_refused_with_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_character_in_a_posted_field_is_refused_with_400(admin_client):
    assert admin_client.post("/usage/review/bulk/", {"action": "accept\x00", "match": ["1"]}).status_code == 400
