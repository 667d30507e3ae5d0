"""Applying an incoming acknowledgement file: each ACK transaction updates our registration of one work with the
sending society (status, society work number), and an ISWC the society assigned is recorded on the work.

Our exports carry our work code as submitter work #, so the ACK's Submitter Creation # names the work; the NWR/REV
(or ISW) the society echoes after the ACK record carries the ISWC.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from exchange.cwr.reader import CwrReader
from exchange.cwr.records import Transaction
from exchange.models import CwrFile, Registration
from wipoconnect.core.changes import record_changes
from wipoconnect.core.identifiers import is_valid_iswc
from wipoconnect.core.jobs import progress
from works.models import Work

ACCEPTED_STATUSES = frozenset(("RA", "AS", "AC", "SR", "CR"))
BATCH_SIZE = 1000


def apply_ack_file(reader: CwrReader, summary, *, job=None):
    """Apply the ACK transactions of the file `summary.cwr_file` to our registrations, counting them in `summary`."""
    cwr_file = summary.cwr_file
    society = cwr_file.sender
    batch: list[Transaction] = []
    for tx in reader.transactions():
        batch.append(tx)
        if len(batch) >= BATCH_SIZE:
            _apply(batch, society, cwr_file, summary)
            progress(job, summary.transactions)
            batch = []
    _apply(batch, society, cwr_file, summary)
    cwr_file.status = CwrFile.Status.PROCESSED
    cwr_file.transactions, cwr_file.accepted, cwr_file.rejected = (
        summary.transactions,
        summary.accepted,
        summary.rejected,
    )
    cwr_file.save()
    progress(job, summary.transactions, summary.transactions)
    return summary


@transaction.atomic
def _apply(batch: list[Transaction], society: str, cwr_file: CwrFile, summary) -> None:
    acks = [(tx, _ack_values(tx)) for tx in batch]
    works = Work.objects.in_bulk([v["work"] for _, v in acks if v["work"]], field_name="code")
    registrations, iswcs = {}, {}
    for tx, v in acks:
        summary.transactions += 1
        accepted = v["status"] in ACCEPTED_STATUSES
        summary.accepted += accepted
        summary.rejected += not accepted
        work = works.get(v["work"])
        if work is None:
            summary.notes.append(f"line {tx.line_no}: ACK for {v['work']!r} names no work of ours")
            continue
        registrations[work.pk] = Registration(
            work=work,
            society=society,
            status=v["status"],
            society_work_number=v["society_number"] or "",
            cwr_file=cwr_file,
            updated_at=timezone.now(),
        )
        if v["iswc"] and not work.iswc:
            iswcs[v["iswc"]] = work
    Registration.objects.bulk_create(
        registrations.values(),
        update_conflicts=True,
        unique_fields=["work", "society"],
        update_fields=["status", "society_work_number", "cwr_file", "updated_at"],
    )
    _record_iswcs(iswcs, summary)


def _ack_values(tx: Transaction) -> dict:
    header = tx.header.values
    work_record = next((r for r in tx.records[1:] if r.record_type in ("NWR", "REV", "ISW", "WRK", "EXC")), None)
    iswc = work_record.values.get("iswc") if work_record is not None and work_record.record_type != "EXC" else None
    return {
        "status": header.get("transaction_status") or "",
        "work": header.get("submitter_creation_number"),
        "society_number": header.get("recipient_creation_number"),
        "iswc": iswc if iswc and is_valid_iswc(iswc) else None,
    }


def _record_iswcs(iswcs: dict, summary) -> None:
    taken = set(Work.objects.filter(iswc__in=iswcs).values_list("iswc", flat=True))
    updated = []
    for iswc, work in iswcs.items():
        if iswc in taken:
            summary.notes.append(f"ISWC {iswc} for {work.code} already belongs to another work")
            continue
        work.iswc, work.updated_at = iswc, timezone.now()
        updated.append(work)
    Work.objects.bulk_update(updated, ["iswc", "updated_at"])
    record_changes("work", updated)
