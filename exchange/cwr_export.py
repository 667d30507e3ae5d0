"""Exporting our works as a CWR registration file for one society (architecture.md, Contracts: export_cwr).

Works the society has accepted (an ACK with RA/AS/AC/SR/CR) go out as REV, the others as NWR (3.x: WRK); then our
agreements that have a submitter agreement number and a start date, as AGR transactions (whatever --since says).
The HDR creation stamp is the time of the newest change among the exported works, so exporting unchanged data
gives a byte-identical file (export -> import -> export round trip). A file whose works have titles or parties'
names in original script (NAT, NPN, NWN) is written in UTF-8 and says so in its HDR; any other stays ASCII.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from exchange.cwr.agreements import agreement_records
from exchange.cwr.native import Utf8CwrWriter
from exchange.cwr.registration import work_records
from exchange.cwr.writer import CwrWriter
from exchange.cwr_acks import ACCEPTED_STATUSES
from exchange.cwr_agreements import load_agreements
from exchange.cwr_store import load_work_data
from exchange.models import CwrFile, Registration
from rightowners.models import Society
from works.models import AlternateTitle, Work, WorkShare

CHUNK = 1000  # works loaded per batch of queries


def export_cwr(*, version: str, recipient: str, out: Path, since: date | None = None) -> CwrFile:
    works = Work.objects.all()
    if since is not None:
        works = works.filter(updated_at__date__gte=since)
    ids = list(works.order_by("id").values_list("id", flat=True))
    accepted = set(
        Registration.objects.filter(society=recipient, status__in=ACCEPTED_STATUSES).values_list("work_id", flat=True)
    )
    groups = (
        {"WRK": ids}
        if version.startswith("3")
        else {"NWR": [i for i in ids if i not in accepted], "REV": [i for i in ids if i in accepted]}
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    utf8 = _has_non_roman(works)
    with open(out, "w", encoding="utf-8" if utf8 else "ascii", newline="") as handle:
        writer = (Utf8CwrWriter if utf8 else CwrWriter)(handle, version)
        writer.header(
            sender_type="SO", sender_id=_sender_id(version), sender_name=_society_name(), creation=_creation(works)
        )
        for transaction_type, group_ids in groups.items():
            if group_ids:
                writer.group(transaction_type)
                for records in _transactions(group_ids, version, transaction_type):
                    writer.transaction(records)
        if agreements := load_agreements():
            writer.group("AGR")
            for agreement in agreements:
                writer.transaction(agreement_records(agreement))
        writer.close()
    return CwrFile.objects.create(
        direction=CwrFile.Direction.OUTGOING,
        filename=out.name,
        version=version,
        sender=settings.SOCIETY_CODE,
        recipient=recipient,
        status=CwrFile.Status.SENT,
        transactions=writer.transaction_count,
    )


def _transactions(ids: list[int], version: str, transaction_type: str) -> Iterator[list]:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        data = load_work_data(chunk)
        for work_id in chunk:
            yield work_records(data[work_id], version, transaction_type)


def _has_non_roman(works) -> bool:
    """Whether a work exported has a title or a party with a name in original script (the file is then UTF-8)."""
    return (
        AlternateTitle.objects.filter(work__in=works, non_roman=True).exists()
        or WorkShare.objects.filter(work__in=works).exclude(party__native_last_name="").exists()
    )


def _sender_id(version: str) -> str:
    return settings.SOCIETY_CODE.zfill(9) if version.startswith("2") else settings.SOCIETY_CODE


def _society_name() -> str:
    society = Society.objects.filter(code=settings.SOCIETY_CODE).first()
    return society.name if society else f"SOCIETY {settings.SOCIETY_CODE}"


def _creation(works) -> datetime:
    newest = works.aggregate(newest=Max("updated_at"))["newest"]
    stamp = timezone.localtime(newest) if newest else timezone.localtime()
    return stamp.replace(tzinfo=None, microsecond=0)
