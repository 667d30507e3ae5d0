"""ISWC network and IPI clients against a local server speaking their request and response shapes."""

from decimal import Decimal

import pytest

from exchange.network.http import NetworkError, NotConfigured
from exchange.network.iswc import IswcClient, IswcParty, Submission
from exchange.network.services import refresh_from_ipi, request_iswc
from rightowners.services import save_party
from tests.exchange.network.network_server import IPI_KEY, ISWC_KEY, FakeNetworks
from tests.factories import valid_ipi
from works.services import save_work
from works.share_rules import ShareData

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks(settings):
    with FakeNetworks() as fake:
        settings.ISWC_NETWORK_URL, settings.ISWC_NETWORK_TOKEN = fake.url, ISWC_KEY
        settings.IPI_NETWORK_URL, settings.IPI_NETWORK_TOKEN = fake.url, IPI_KEY
        yield fake


def a_work(*roles: str):
    parties = [
        save_party(fields={"last_name": f"Writer{i}", "ipi_name": valid_ipi(500_000 + i)}) for i in range(len(roles))
    ]
    shares = [
        ShareData(party_id=p.pk, role=r, pr_share=Decimal(100) / len(roles))
        for p, r in zip(parties, roles, strict=True)
    ]
    return save_work(fields={"title": "Night Train"}, alternate_titles=["Train de nuit"], shares=shares), parties


def test_the_networks_are_off_by_default():
    work, (writer,) = a_work("CA")
    with pytest.raises(NotConfigured, match="ISWC_NETWORK_URL is not set"):
        request_iswc(work)
    with pytest.raises(NotConfigured, match="IPI_NETWORK_URL is not set"):
        refresh_from_ipi(writer)


def test_requesting_an_iswc_submits_the_work_and_stores_the_answer(networks, settings):
    work, (composer, publisher) = a_work("C", "E")
    iswc = request_iswc(work)
    work.refresh_from_db()
    assert work.iswc == iswc == "T9110005782"
    method, path, headers, body = networks.requests[-1]
    assert (method, path, headers["Ocp-Apim-Subscription-Key"]) == ("POST", "/submission", ISWC_KEY)
    assert body == {
        "agency": settings.SOCIETY_CODE,
        "sourcedb": int(settings.SOCIETY_CODE),
        "workcode": work.code,
        "category": "DOM",
        "originalTitle": "Night Train",
        "interestedParties": [{"nameNumber": int(composer.ipi_name), "role": "C"}],  # creators only
        "otherTitles": [{"title": "Train de nuit", "type": "AT"}],
    }


def test_looking_up_an_iswc_reads_the_preferred_work(networks, settings):
    work, (writer,) = a_work("CA")
    iswc = request_iswc(work)
    client = IswcClient(networks.url, ISWC_KEY)
    found = client.lookup(iswc)
    assert (found.iswc, found.title, found.parties) == (iswc, "Night Train", (IswcParty(writer.ipi_name, "CA"),))
    assert found.works == ((settings.SOCIETY_CODE, work.code),)
    assert client.lookup("T0000000010") is None


def test_refusals_say_why(networks):
    with pytest.raises(NetworkError) as refused:
        IswcClient(networks.url, "wrong-key").lookup("T9110005782")
    assert refused.value.status == 401 and "missing subscription key" in str(refused.value)
    bad = Submission("999", "W00000001", "X", (IswcParty(valid_ipi(1), "E"),))
    with pytest.raises(NetworkError, match="interestedParties: 111: At least one creator I.P. is required"):
        IswcClient(networks.url, ISWC_KEY).request_iswc(bad)


def test_an_unreachable_network_is_an_error_not_a_hang(networks):
    with pytest.raises(NetworkError, match="POST http://127.0.0.1:9/submission"):
        IswcClient("http://127.0.0.1:9", ISWC_KEY, timeout=2).request_iswc(
            Submission("999", "W1", "X", (IswcParty(valid_ipi(1), "C"),))
        )


def test_an_ipi_look_up_fills_the_base_number_and_a_missing_first_name_only(networks):
    party = save_party(fields={"last_name": "Okafor", "ipi_name": valid_ipi(42)})
    networks.ipi[party.ipi_name] = {
        "nameNumber": party.ipi_name,
        "baseNumber": "I-000000229-7",
        "lastName": "OKAFOR",
        "firstName": "ADA",
        "type": "N",
        "status": 1,
    }
    assert refresh_from_ipi(party) == {"ipi_base": "I-000000229-7", "first_name": "ADA"}
    party.refresh_from_db()
    assert (party.last_name, party.first_name, party.ipi_base) == ("Okafor", "ADA", "I-000000229-7")
    assert refresh_from_ipi(party) == {}  # nothing left to fill
    unknown = save_party(fields={"last_name": "Nobody", "ipi_name": valid_ipi(43)})
    assert refresh_from_ipi(unknown) is None
    assert networks.requests[-1][2]["Authorization"] == f"Bearer {IPI_KEY}"
