"""Importing a CWR file (architecture.md, Contracts: import_cwr).

1. The same file (SHA-256) imported before: nothing changes, the stored ACK is returned again.
2. A structure pass (records, groups, trailers): file-level errors stop here, nothing is imported.
3. Transactions are read, validated and mapped to registrations (exchange/cwr/prepare.py; for large files in a
   forked process that starts during the structure pass and stays a few batches ahead) and written in batches of
   BATCH_SIZE, each in one database transaction whose COPYs run on a background thread (wipoconnect/core/bulk.py);
   when a batch fails, its registrations are retried one by one so one bad registration cannot take the others
   with it (each transaction is atomic).
4. One ACK transaction per incoming transaction (RA / AC / RJ with its MSG records) is written as we go.
A file whose groups are all ACK transactions is an acknowledgement of our registrations (cwr_acks.py).
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from exchange.cwr.ack import AckHeader, AckTransaction, AckWriter
from exchange.cwr.messages import TRANSACTION, Message
from exchange.cwr.naming import cwr_filename, parse_filename
from exchange.cwr.prepare import Prepared, prepared_batches
from exchange.cwr.reader import CwrReader
from exchange.cwr.records import Record
from exchange.cwr.validation import TransactionResult, status_of
from exchange.cwr_acks import apply_ack_file
from exchange.cwr_agreements import save_agreements
from exchange.cwr_save import Batch, Outcome, save_registrations
from exchange.models import CwrFile
from wipoconnect.core.bulk import copies_in_background
from wipoconnect.core.jobs import progress
from wipoconnect.core.locks import file_lock

BATCH_SIZE = 2000  # registrations written per database transaction (fixed costs per batch: ~35 queries, a commit)
PROGRESS_EVERY = 2000  # transactions between two Job progress updates
BACKGROUND_MIN_BYTES = 1_000_000  # smaller files are prepared in-process (forking costs more than it saves)


class CwrFileError(Exception):
    """The file cannot be read as CWR (file-level errors); nothing was imported."""


@dataclass
class ImportSummary:
    cwr_file: CwrFile
    transactions: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicate: bool = False
    ack_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def first_line(self) -> str:
        if self.duplicate:
            return f"cwr {self.cwr_file.pk}: already imported"
        return (
            f"cwr {self.cwr_file.pk}: {self.transactions} transactions, {self.accepted} accepted, "
            f"{self.rejected} rejected"
        )


def import_cwr(
    path: Path, *, ack_dir: Path | None = None, name: str | None = None, job=None, cwr_file: CwrFile | None = None
) -> ImportSummary:
    """Import the file at `path` (`name` = its original file name); raises CwrFileError on file-level errors."""
    path = Path(path)
    name = name or path.name
    checksum = file_checksum(path)
    with file_lock(checksum):  # a second import of the file at the same time waits, then finds it imported
        return _import(path, name, checksum, ack_dir, job, cwr_file)


def _import(path: Path, name: str, checksum: str, ack_dir, job, cwr_file: CwrFile | None) -> ImportSummary:
    done = (
        CwrFile.objects.filter(direction=CwrFile.Direction.INCOMING, checksum=checksum, status=CwrFile.Status.PROCESSED)
        .exclude(pk=getattr(cwr_file, "pk", None))
        .first()
    )
    if done is not None:
        if cwr_file is not None:
            cwr_file.delete()  # an upload of a file we already have: keep the first record only
        return ImportSummary(done, duplicate=True, ack_path=_write_ack_file(done, ack_dir))
    if cwr_file is None:  # a run that stopped part-way (killed worker) is resumed on the same row
        cwr_file = CwrFile.objects.filter(
            direction=CwrFile.Direction.INCOMING, checksum=checksum, status=CwrFile.Status.RECEIVED
        ).first()
    background = path.stat().st_size >= BACKGROUND_MIN_BYTES and not multiprocessing.current_process().daemon
    with prepared_batches(path, name, size=BATCH_SIZE, background=background) as batches:
        structure = CwrReader(path, name=name, check_fields=False)  # meanwhile the batches are being prepared
        for _ in structure.transactions():
            pass
        cwr_file = _file_row(cwr_file, structure, name, checksum)
        if structure.file_rejected:
            return _fail(cwr_file, structure, ack_dir)
        progress(job, 0, structure.transaction_count)
        if structure.groups and all(g.transaction_type == "ACK" for g in structure.groups):
            summary = apply_ack_file(CwrReader(path, name=name), ImportSummary(cwr_file), job=job)
            if ack_dir is not None:
                summary.notes.insert(0, "no ACK written: the file is itself an acknowledgement")
        else:
            summary = _import_registrations(batches, structure, cwr_file, job)
    summary.ack_path = _write_ack_file(summary.cwr_file, ack_dir)
    return summary


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def partner_code(header: Record | None, name: str | None) -> str:
    """Who sent the file: the sender in its conventional name, else the HDR sender id."""
    parsed = parse_filename(name) if name else None
    if parsed is not None:
        return parsed.sender
    sender = str(header.get("sender_id") or "") if header is not None else ""
    return sender.lstrip("0").zfill(3) if sender.isdigit() else sender or "UNKNOWN"


def _file_row(cwr_file: CwrFile | None, reader: CwrReader, name: str, checksum: str) -> CwrFile:
    cwr_file = cwr_file or CwrFile(direction=CwrFile.Direction.INCOMING)
    cwr_file.filename, cwr_file.checksum, cwr_file.version = name, checksum, reader.version
    cwr_file.sender = partner_code(reader.header, name)[:20]
    cwr_file.recipient = settings.SOCIETY_CODE
    cwr_file.save()
    return cwr_file


def _fail(cwr_file: CwrFile, reader: CwrReader, ack_dir: Path | None) -> ImportSummary:
    errors = [m for m in reader.messages if m.type == "E"]
    cwr_file.status, cwr_file.error = CwrFile.Status.FAILED, "\n".join(m.text for m in errors)
    if reader.header is not None:  # tell the sender why: one ACK about the HDR/TRL, rejected
        entry = AckTransaction(
            0, 0, errors[0].record_type if errors[0].record_type in ("HDR", "TRL") else "HDR", "RJ", messages=errors
        )
        cwr_file.ack_filename, cwr_file.ack = _ack_text(cwr_file, reader, [entry])
    cwr_file.save()
    _write_ack_file(cwr_file, ack_dir)
    raise CwrFileError(f"{cwr_file.filename}: " + "; ".join(m.text for m in errors))


# ---------------------------------------------------------------------------------------------- registrations


class _Importer:
    def __init__(self, structure: CwrReader, cwr_file: CwrFile, job):
        self.cwr_file, self.job = cwr_file, job
        self.rejected_groups = structure.rejected_groups()
        self.group_messages = [m for m in structure.messages if m.type == "G"]
        partner = partner_code(structure.header, cwr_file.filename)
        self.batch = Batch(partner=partner, is_self=partner == settings.SOCIETY_CODE, version=structure.version)
        self.summary = ImportSummary(cwr_file)
        self.ack = _AckSink(cwr_file, structure)

    def run(self, batches: Iterable[list[Prepared]]) -> ImportSummary:
        for batch in batches:
            self.write([self._group_checked(p) for p in batch])
        self.ack.close()
        return self.summary

    def _group_checked(self, p: Prepared) -> Prepared:
        """A transaction of a rejected group (wrong group trailer, ...) is rejected with the group's messages."""
        if p.group_id not in self.rejected_groups:
            return p
        messages = [m for m in self.group_messages if m.record_sequence == p.group_id]
        return replace(p, result=TransactionResult("RJ", p.result.messages + messages), data=None, agreement=None)

    def write(self, batch: list[Prepared]) -> None:
        items = [p for p in batch if p.data is not None or p.agreement is not None]
        outcomes = dict(zip((id(p) for p in items), _save(items, self.batch), strict=True))
        for p in batch:
            self._acknowledge(p, outcomes.get(id(p)))
        done = self.summary.transactions
        if done // PROGRESS_EVERY != (done - len(batch)) // PROGRESS_EVERY:
            progress(self.job, done)

    def _acknowledge(self, p: Prepared, outcome: Outcome | None) -> None:
        messages = list(p.result.messages)
        if outcome is not None and outcome.error:
            messages.append(
                Message(
                    TRANSACTION, TRANSACTION, p.type, 0, "013", f"line {p.line_no} {p.type}: {outcome.error}", p.line_no
                )
            )
        status = status_of(messages) if p.result.accepted else "RJ"
        work = outcome.work if outcome is not None and not outcome.error else None
        self.summary.transactions += 1
        self.summary.accepted += status != "RJ"
        self.summary.rejected += status == "RJ"
        self.ack.add(
            AckTransaction(
                p.group_id,
                p.sequence,
                p.type,
                status,
                title=p.title,
                submitter_work_number=p.submitter_number,
                recipient_work_number=work.code if work is not None else None,
                messages=messages,
            )
        )


def _save(items: list[Prepared], batch: Batch) -> list[Outcome]:
    if not items:
        return []
    try:
        with transaction.atomic(), copies_in_background():
            return _save_all(items, batch)
    except DatabaseError:  # one registration broke the batch: apply them one by one
        return [_save_one(p, batch) for p in items]


def _save_all(items: list[Prepared], batch: Batch) -> list[Outcome]:
    works = [p for p in items if p.data is not None]
    outcomes = dict(zip((id(p) for p in works), save_registrations([p.data for p in works], batch), strict=True))
    agreements = [p.agreement for p in items if p.agreement is not None]
    save_agreements(agreements, partner=batch.partner, is_self=batch.is_self)
    return [outcomes.get(id(p), Outcome()) for p in items]


def _save_one(p: Prepared, batch: Batch) -> Outcome:
    try:
        with transaction.atomic():
            return _save_all([p], batch)[0]
    except DatabaseError as exc:
        return Outcome(error=f"could not be stored: {exc}".splitlines()[0][:120])


def _import_registrations(
    batches: Iterable[list[Prepared]], structure: CwrReader, cwr_file: CwrFile, job
) -> ImportSummary:
    summary = _Importer(structure, cwr_file, job).run(batches)
    cwr_file.status = CwrFile.Status.PROCESSED
    cwr_file.transactions, cwr_file.accepted, cwr_file.rejected = (
        summary.transactions,
        summary.accepted,
        summary.rejected,
    )
    cwr_file.error = "\n".join(m.text for m in structure.messages)
    cwr_file.save()
    progress(job, summary.transactions, summary.transactions)
    return summary


# ---------------------------------------------------------------------------------------------- ACK


class _AckSink:
    """The ACK file, written transaction by transaction while the import runs."""

    def __init__(self, cwr_file: CwrFile, reader: CwrReader):
        self.cwr_file, self.reader = cwr_file, reader
        self.out = io.StringIO(newline="")
        self.writer = AckWriter(self.out, reader.version, ack_header(reader))

    def add(self, entry: AckTransaction) -> None:
        self.writer.add(entry)

    def close(self) -> None:
        self.writer.close()
        self.cwr_file.ack_filename = ack_filename(self.cwr_file, self.reader.version)
        self.cwr_file.ack = self.out.getvalue()


def ack_header(reader: CwrReader) -> AckHeader:
    hdr = reader.header.values if reader.header is not None else {}
    now = timezone.localtime()
    return AckHeader(
        sender_code=settings.SOCIETY_CODE,
        sender_name=_society_name(),
        original_creation_date=hdr.get("creation_date") or date.today(),
        original_creation_time=hdr.get("creation_time") or 0,
        processing_date=now.date(),
        created=now.replace(tzinfo=None, microsecond=0),
    )


def _society_name() -> str:
    from rightowners.models import Society

    society = Society.objects.filter(code=settings.SOCIETY_CODE).first()
    return society.name if society else f"SOCIETY {settings.SOCIETY_CODE}"


def _ack_text(cwr_file: CwrFile, reader: CwrReader, entries: list[AckTransaction]) -> tuple[str, str]:
    out = io.StringIO(newline="")
    writer = AckWriter(out, reader.version, ack_header(reader))
    for entry in entries:
        writer.add(entry)
    writer.close()
    return ack_filename(cwr_file, reader.version), out.getvalue()


def ack_filename(cwr_file: CwrFile, version: str) -> str:
    """CWyynnnnSSS_RRR.Vxx with our society code as sender and the file's sender as recipient."""
    year = timezone.localdate().year % 100
    sequence = (
        CwrFile.objects.filter(direction=CwrFile.Direction.INCOMING, ack_filename__startswith=f"CW{year:02d}")
        .exclude(pk=cwr_file.pk)
        .count()
        + 1
    )
    width = 4 if version.startswith("3") else 3  # 2.x codes are 2-3 characters, 3.x transmitter ids 2-4
    recipient = "".join(c for c in cwr_file.sender.upper() if c.isalnum())[:width].rjust(2, "0")
    return cwr_filename(
        version, year, sequence % 10000, settings.SOCIETY_CODE, recipient, "ACK1" if version.startswith("3") else "SUB"
    )


def _write_ack_file(cwr_file: CwrFile, ack_dir: Path | None) -> Path | None:
    if ack_dir is None or not cwr_file.ack:
        return None
    ack_dir = Path(ack_dir)
    ack_dir.mkdir(parents=True, exist_ok=True)
    target = ack_dir / cwr_file.ack_filename
    target.write_bytes(cwr_file.ack.encode("ascii", "replace"))
    return target
