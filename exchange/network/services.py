"""What the instance does with the international level: request and store ISWCs, refresh parties from the IPI.

Both need their URL setting (ISWC_NETWORK_URL, IPI_NETWORK_URL); without it they raise NotConfigured, and nothing
else in the application calls them, so the default set-up never needs the networks.
"""

from django.conf import settings
from django.db import transaction

from exchange.network.http import NetworkError, NotConfigured
from exchange.network.ipi import IpiClient
from exchange.network.iswc import IswcClient, IswcParty, Submission
from rightowners.models import InterestedParty
from rightowners.services import save_party
from wipoconnect.core.codes import WRITER_ROLES
from works.models import Work
from works.services import save_work


def iswc_client() -> IswcClient:
    if not settings.ISWC_NETWORK_URL:
        raise NotConfigured("ISWC_NETWORK_URL is not set: the ISWC network is not configured for this instance")
    return IswcClient(settings.ISWC_NETWORK_URL, settings.ISWC_NETWORK_TOKEN, settings.NETWORK_TIMEOUT)


def ipi_client() -> IpiClient:
    if not settings.IPI_NETWORK_URL:
        raise NotConfigured("IPI_NETWORK_URL is not set: IPI look-ups are not configured for this instance")
    return IpiClient(settings.IPI_NETWORK_URL, settings.IPI_NETWORK_TOKEN, settings.NETWORK_TIMEOUT)


def submission_for(work: Work) -> Submission:
    """The work as an ISWC submission: its creators with an IPI name number (the network requires one)."""
    shares = work.shares.select_related("party").order_by("id")
    parties = tuple(
        IswcParty(s.party.ipi_name, s.role, s.party.name) for s in shares if s.role in WRITER_ROLES and s.party.ipi_name
    )
    if not parties:
        raise NetworkError(f"work {work.code}: no writer with an IPI name number, the ISWC network needs one")
    titles = tuple(work.alternate_titles.values_list("title", flat=True))
    return Submission(settings.SOCIETY_CODE, work.code, work.title, parties, titles)


def request_iswc(work: Work, *, user=None, client: IswcClient | None = None) -> str:
    """Ask the network for the work's ISWC and store it (the network call happens outside the transaction)."""
    iswc = (client or iswc_client()).request_iswc(submission_for(work))
    if work.iswc != iswc:
        save_work(work=work, fields={"iswc": iswc}, user=user)
    return iswc


@transaction.atomic
def _apply_ipi(party: InterestedParty, found, user) -> dict:
    """Fill what we lack from the IPI record; names entered by staff stay as they are."""
    changes = {}
    if found.base_number and party.ipi_base != found.base_number:
        changes["ipi_base"] = found.base_number
    if not party.first_name and found.first_name:
        changes["first_name"] = found.first_name
    if changes:
        save_party(party=party, fields=changes, user=user)
    return changes


def refresh_from_ipi(party: InterestedParty, *, user=None, client: IpiClient | None = None) -> dict | None:
    """The fields updated from the IPI record of the party's name number; None when the IPI does not know it."""
    if not party.ipi_name:
        raise NetworkError(f"party {party.code} has no IPI name number to look up")
    found = (client or ipi_client()).lookup(party.ipi_name)
    return None if found is None else _apply_ipi(party, found, user)
