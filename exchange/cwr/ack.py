"""ACK file generation: one ACK transaction per incoming transaction, each followed by its MSG records
(domain.md §1.7), in one ACK group between HDR and TRL with correct counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

from exchange.cwr.messages import Message
from exchange.cwr.writer import CwrWriter


@dataclass(frozen=True, slots=True)
class AckTransaction:
    group_id: int  # 0 when the ACK is about the HDR/TRL (file-level problem)
    transaction_sequence: int
    transaction_type: str  # NWR, REV, WRK, ... or HDR / TRL
    status: str  # RA, AC, RJ, ...
    title: str | None = None
    submitter_work_number: str | None = None
    recipient_work_number: str | None = None
    messages: Sequence[Message] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class AckHeader:
    """Who acknowledges, and which file (HDR creation date/time of the original) is acknowledged."""

    sender_code: str  # our society code, '052'
    sender_name: str
    original_creation_date: date
    original_creation_time: int  # seconds since midnight, as decoded from the original HDR
    processing_date: date
    created: datetime


class AckWriter:
    """Writes an ACK file entry by entry (an import acknowledges transactions as it goes)."""

    def __init__(self, out: TextIO, version: str, header: AckHeader):
        self.header = header
        self.writer = CwrWriter(out, version)
        sender_id = header.sender_code.zfill(9) if version.startswith("2") else header.sender_code
        self.writer.header(
            sender_type="SO", sender_id=sender_id, sender_name=header.sender_name, creation=header.created
        )
        self.writer.group("ACK")

    def add(self, entry: AckTransaction) -> None:
        self.writer.transaction(_records(entry, self.header))

    def close(self) -> int:
        """GRT and TRL; returns the number of ACK transactions written."""
        self.writer.close()
        return self.writer.transaction_count


def write_ack(out: TextIO, version: str, header: AckHeader, entries: Iterable[AckTransaction]) -> int:
    """Write the ACK file; returns the number of ACK transactions written."""
    writer = AckWriter(out, version, header)
    for entry in entries:
        writer.add(entry)
    return writer.close()


def _records(entry: AckTransaction, header: AckHeader) -> list[tuple[str, dict[str, object]]]:
    ack = {
        "creation_date": header.original_creation_date,
        "creation_time": header.original_creation_time,
        "original_group_id": entry.group_id,
        "original_transaction_sequence_number": entry.transaction_sequence,
        "original_transaction_type": entry.transaction_type,
        "creation_title": entry.title,
        "submitter_creation_number": entry.submitter_work_number,
        "recipient_creation_number": entry.recipient_work_number,
        "processing_date": header.processing_date,
        "transaction_status": entry.status,
    }
    return [("ACK", ack)] + [("MSG", m.msg_values()) for m in entry.messages]
