"""Transaction validation: messages shaped like CWR MSG records and the resulting status.

An invalid optional field is dropped (F message) and the transaction is accepted with changes (AC); an invalid
mandatory field, a malformed number, a structure error or a share total outside the rules rejects the transaction
(T message, RJ).
A clean transaction is RA. Validation numbers are the CWR 2.2 spec's edit numbers where one exists
(transaction edits of NWR: 004, 009-015, 022, 023); field-level messages carry the field's position in its record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from exchange.cwr import codes, shares
from exchange.cwr.messages import FIELD, RECORD, TRANSACTION, Message
from exchange.cwr.pickling import pickled_by_fields
from exchange.cwr.reader import HEADERS_BY_GROUP
from exchange.cwr.records import Record, Transaction
from wipoconnect.core.codes import RIGHTS

WORK_TYPES = frozenset(("NWR", "REV", "ISW", "EXC", "WRK"))
CHECKED_WORK_TYPES = WORK_TYPES - {"EXC"}  # an EXC describes someone else's registration: spec bypasses its edits
WORK_DETAILS = frozenset(
    "SPU NPN SPT OPT OPU SWR NWN SWT OWT PWR OWR ALT NAT EWT NET NOW VER NVT PER NPR REC ORN INS IND COM NCT "
    "ARI XRF OWK MAN".split()
)
AGR_DETAILS = frozenset(("TER", "IPA", "NPA"))
DETAILS = {t: WORK_DETAILS for t in WORK_TYPES} | {
    "AGR": AGR_DETAILS,
    "ACK": frozenset({"MSG"}) | WORK_TYPES | {"AGR"} | WORK_DETAILS | AGR_DETAILS,
    "ISR": frozenset({"WRI"}),
}
# Which records a territory / link record may follow (CWR 2.2 record order, edit 43).
FOLLOWS = {
    "SPT": frozenset(("SPU", "SPT", "NPN")),
    "OPT": frozenset(("OPU", "OPT", "NPN", "SPU", "SPT")),
    "SWT": frozenset(("SWR", "SWT", "NWN")),
    "OWT": frozenset(("OWR", "OWT", "NWN")),
    "NPN": frozenset(("SPU", "OPU")),
    "NWN": frozenset(("SWR", "OWR")),
    "PWR": frozenset(("SWR", "SWT", "OWR", "OWT", "NWN", "PWR", "MAN")),
}
# Conditional fields that are mandatory on a given record type (field edits of SPU, SWR, PWR).
REQUIRED = {
    "SPU": ("interested_party_number", "publisher_name", "publisher_type"),
    "SWR": ("interested_party_number", "writer_last_name", "writer_designation_code"),
}
CONDITIONAL_TYPES = frozenset(REQUIRED) | {"OPU", "OWR"} | WORK_TYPES
STATUS_ACCEPTED, STATUS_CHANGED, STATUS_REJECTED = "RA", "AC", "RJ"


@pickled_by_fields
@dataclass
class TransactionResult:
    status: str
    messages: list[Message]

    @property
    def accepted(self) -> bool:
        return self.status != STATUS_REJECTED


def validate_transaction(tx: Transaction, version: str) -> TransactionResult:
    messages = list(field_messages(tx))
    messages += structure_messages(tx)
    if tx.type in CHECKED_WORK_TYPES:
        messages += work_messages(tx)
        messages += share_messages(tx, version)
    elif tx.type == "AGR":
        messages += agreement_messages(tx)
    return TransactionResult(status_of(messages), messages)


def status_of(messages: list[Message]) -> str:
    if any(m.rejects_transaction for m in messages):
        return STATUS_REJECTED
    return STATUS_CHANGED if messages else STATUS_ACCEPTED


def _msg(kind: str, level: str, rec: Record, number: str, text: str) -> Message:
    return Message(
        kind, level, rec.record_type, rec.record_sequence or 0, number, f"line {rec.line_no} {text}", rec.line_no
    )


def _tx_msg(tx: Transaction, number: str, text: str) -> Message:
    return _msg(TRANSACTION, TRANSACTION, tx.header, number, f"{tx.type}: {text}")


# ---------------------------------------------------------------------------------------------- fields


def field_messages(tx: Transaction) -> Iterator[Message]:
    is_ack = tx.type == "ACK"
    for rec in tx.records:
        conditional = not is_ack and rec.layout is not None and rec.line[:3] in CONDITIONAL_TYPES
        required = _required_fields(rec) if conditional else set()
        if not (rec.errors or required):
            continue
        failed = set()
        for e in rec.errors:
            failed.add(e.field.name)
            # Numeric formats (shares, counts) reject like mandatory fields do (issue 4; spec SWR edits 11-15).
            rejects = e.field.mandatory or e.field.name in required or e.field.type == "N"
            kind = TRANSACTION if rejects else FIELD
            number = f"{_ordinal(rec, e.field.name):03d}"
            yield _msg(kind, FIELD, rec, number, f"{rec.record_type} field '{e.field.label}': {e.reason}")
        for name in required - failed:
            if not _raw(rec, name):
                label = rec.layout.by_name[name].label
                number = f"{_ordinal(rec, name):03d}"
                yield _msg(TRANSACTION, FIELD, rec, number, f"{rec.record_type} field '{label}': must be entered")


def _raw(rec: Record, name: str) -> str:
    """The stripped text of a field, without decoding the whole record."""
    return rec.line[rec.layout.by_name[name].slice].strip()


def _ordinal(rec: Record, name: str) -> int:
    if rec.layout is None:
        return 1
    return next((i for i, f in enumerate(rec.layout.fields, 1) if f.name == name), 0)


def _required_fields(rec: Record) -> set[str]:
    """Conditional fields that this record needs, given its type and content."""
    rt = rec.record_type
    required = set(REQUIRED.get(rt, ()))
    if rt in WORK_TYPES and _raw(rec, "version_type") == "MOD":
        required |= {"music_arrangement", "lyric_adaptation"}
    elif rt == "OPU" and _raw(rec, "publisher_unknown_indicator") != "Y":
        required.add("publisher_name")
    elif rt == "OWR" and _raw(rec, "writer_unknown_indicator") != "Y":
        required.add("writer_last_name")
    return {name for name in required if name in rec.layout.by_name}


# ---------------------------------------------------------------------------------------------- structure


def structure_messages(tx: Transaction) -> list[Message]:
    messages = []
    if tx.type not in HEADERS_BY_GROUP.get(tx.group.transaction_type, {tx.group.transaction_type}):
        messages.append(_tx_msg(tx, "022", f"transaction type differs from the group's ({tx.group.transaction_type})"))
    allowed = DETAILS.get(tx.type, frozenset())
    for expected_seq, rec in enumerate(tx.records):
        messages += _record_structure(tx, rec, expected_seq, allowed)
    if tx.type != "ACK":
        messages += _order_messages(tx)
    return messages


def _record_structure(tx: Transaction, rec: Record, expected_seq: int, allowed: frozenset[str]) -> list[Message]:
    """Record type allowed here, transaction sequence of its header, record sequence counting up from 0."""
    messages = []
    line, header = rec.line, tx.header.line
    if expected_seq and rec.layout is not None and line[:3] not in allowed:
        text = f"{rec.record_type} record is not allowed in a {tx.type} transaction"
        messages.append(_msg(TRANSACTION, RECORD, rec, "008", text))
    if line[3:11] != header[3:11]:
        text = f"{rec.record_type} transaction sequence {line[3:11]!r} differs from its header's ({header[3:11]})"
        messages.append(_msg(TRANSACTION, RECORD, rec, "090", text))
    if tx.type != "ACK" and line[11:19] != f"{expected_seq:08d}":
        text = f"{rec.record_type} record sequence {line[11:19]!r}, expected {expected_seq:08d}"
        messages.append(_msg(TRANSACTION, RECORD, rec, "091", text))
    return messages


def _order_messages(tx: Transaction) -> Iterator[Message]:
    """Territory, name and link records must follow the party they belong to, with its IP #. A writer's PWR
    links after the first are not stored (a writer share points at one publisher): the sender is told (F)."""
    previous = tx.header.record_type
    party_type, party_ip, link = "", "", None
    for rec in tx.records[1:]:
        rt = rec.record_type
        if rec.layout is None:
            pass
        elif rt in ("SPU", "OPU", "SWR", "OWR"):
            party_type, party_ip, link = rt, _raw(rec, "interested_party_number"), None
        elif rt in FOLLOWS and previous not in FOLLOWS[rt]:
            yield _msg(TRANSACTION, RECORD, rec, "043", f"{rt} record may not follow {previous}")
        elif rt in ("SPT", "SWT") and (ip := _raw(rec, "interested_party_number")) != party_ip:
            text = f"{rt} field 'Interested Party #' {ip!r} differs from its {party_type} ({party_ip!r})"
            yield _msg(TRANSACTION, RECORD, rec, "043", text)
        elif rt == "PWR" and party_type in ("SWR", "OWR"):
            if link is None:
                link = rec
            else:
                yield _extra_link(rec, link, party_ip)
        previous = rt


def _extra_link(rec: Record, first: Record, writer_ip: str) -> Message:
    publisher, kept = _raw(rec, "publisher_ip_number"), _raw(first, "publisher_ip_number")
    text = (
        f"PWR field 'Publisher IP #' {publisher!r} not stored: the writer {writer_ip!r} is already linked to "
        f"publisher {kept!r} (line {first.line_no}); one publisher link per writer is kept"
    )
    return _msg(FIELD, FIELD, rec, f"{_ordinal(rec, 'publisher_ip_number'):03d}", text)


# ---------------------------------------------------------------------------------------------- works


def work_messages(tx: Transaction) -> list[Message]:
    writers = [r for r in tx.records if r.record_type in ("SWR", "OWR")]
    if tx.type == "ISW" or tx.header.layout is None:
        return []
    if not writers:
        return [_tx_msg(tx, "012", "a work needs at least one writer record (SWR or OWR)")]
    roles = {r.values.get("writer_designation_code") for r in writers}
    messages = []
    if not roles & codes.CREATOR_ROLES:
        messages.append(_tx_msg(tx, "015", "a work needs at least one composer or author (C, CA or A)"))
    version_type = tx.header.values.get("version_type")
    if version_type == "MOD" and not roles & codes.VERSION_ROLES:
        messages.append(_tx_msg(tx, "010", "a modified version (MOD) needs an AR, AD, SR, SA or TR writer"))
    if version_type == "ORI" and roles & codes.VERSION_ROLES:
        messages.append(_tx_msg(tx, "023", "an original work (ORI) may not have AR, AD, SR, SA or TR writers"))
    if tx.header.values.get("musical_work_distribution_category") == "SER" and not tx.header.values.get("duration"):
        messages.append(_tx_msg(tx, "007", "field 'Duration' must be greater than zero for serious music (SER)"))
    return messages


def share_messages(tx: Transaction, version: str) -> list[Message]:
    messages = [] if version.startswith("3") else _ownership_messages(tx)
    full_required = version.startswith("3")
    for (right, tis), total in shares.collection_totals(tx.records).items():
        too_much = total > shares.FULL + shares.TOLERANCE
        if too_much or (full_required and not shares.is_full_or_zero(total)):
            rule = "100.00 ± 0.06 or 0" if full_required else "at most 100.06"
            messages.append(
                _tx_msg(
                    tx,
                    "014",
                    f"{right} collection shares in territory {tis} total {shares.percent(total)} (must be {rule})",
                )
            )
    return messages


def _ownership_messages(tx: Transaction) -> list[Message]:
    totals = shares.ownership_totals(tx.records)
    messages = []
    for right in RIGHTS:
        total = totals["publishers"][right] + totals["writers"][right]
        if not shares.is_full_or_zero(total):
            messages.append(
                _tx_msg(
                    tx, "011", f"{right} ownership shares total {shares.percent(total)} (must be 100.00 ± 0.06 or 0)"
                )
            )
    publishers_pr = totals["publishers"]["PR"]
    if publishers_pr > 5000 + shares.TOLERANCE:
        messages.append(
            _tx_msg(tx, "004", f"publishers' PR ownership totals {shares.percent(publishers_pr)} (at most 50.00)")
        )
    writers_pr = totals["writers"]["PR"]
    if 0 < writers_pr < 5000 - shares.TOLERANCE:
        messages.append(
            _tx_msg(
                tx, "009", f"writers' PR ownership totals {shares.percent(writers_pr)} (must be 0 or at least 50.00)"
            )
        )
    return messages


def agreement_messages(tx: Transaction) -> list[Message]:
    """AGR: at least one assignor and one acquirer IPA; per right their shares total 100.00 (± 0.06) or 0."""
    ipas = [r for r in tx.records if r.record_type == "IPA"]
    roles = {r.get("agreement_role_code") for r in ipas}
    if not {"AS", "AC"} <= roles:
        return [_tx_msg(tx, "002", "an agreement needs an assignor (AS) and an acquirer (AC) IPA record")]
    messages = []
    for right in RIGHTS:
        total = sum(r.get(f"{right.lower()}_share", 0) for r in ipas)
        if not shares.is_full_or_zero(total):
            messages.append(
                _tx_msg(
                    tx,
                    "003",
                    f"{right} shares of the agreement's parties total "
                    f"{shares.percent(total)} (must be 100.00 ± 0.06 or 0)",
                )
            )
    return messages
