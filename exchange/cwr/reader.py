"""Streaming CWR reader: records with line numbers and field errors, grouped into transactions inside groups,
with the file structure and the group/file trailer counts validated as it goes. Memory stays flat: only the
current transaction is held.

    reader = CwrReader("CW260001HMP_000.V21")
    for tx in reader.transactions():
        ...
    reader.messages  # file- and group-level problems (E/G), complete once iteration has finished
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from exchange.cwr.layouts import layouts
from exchange.cwr.messages import FILE, GROUP, Message
from exchange.cwr.naming import parse_filename
from exchange.cwr.records import Group, Record, Transaction, unknown_record

CONTROL_TYPES = frozenset(("HDR", "GRH", "GRT", "TRL"))
TRANSACTION_TYPES = frozenset(("NWR", "REV", "ISW", "EXC", "AGR", "ACK", "WRK", "ISR", "ISA", "DRW"))
# Which record types open a transaction in a group of a given type (NWR and REV may share a group in practice).
HEADERS_BY_GROUP = {"NWR": {"NWR", "REV"}, "REV": {"REV", "NWR"}} | {t: {t} for t in TRANSACTION_TYPES - {"NWR", "REV"}}
GRH_VERSIONS = {"02.10": "2.1", "02.20": "2.2", "03.00": "3.0", "03.10": "3.1"}

Source = str | os.PathLike | IO[bytes] | IO[str]


class CwrReader:
    def __init__(
        self, source: Source, *, name: str | None = None, version: str | None = None, check_fields: bool = True
    ):
        self._lines, self.name = _open(source, name)
        head = [line for _, line in zip(range(2), self._lines, strict=False)]
        self._lines = chain(head, self._lines)
        hdr = head[0].rstrip("\r\n") if head else ""
        grh = head[1].rstrip("\r\n") if len(head) > 1 else ""
        self.version = version or detect_version(hdr, grh, self.name)
        self.utf8 = "UTF" in _character_set(hdr, self.version).upper()
        self.header: Record | None = None
        self.messages: list[Message] = []
        self.groups: list[Group] = []
        self.check_fields = check_fields  # False: a structure-only pass (field checks on control records only)
        self.record_count = 0
        self.transaction_count = 0
        self._finished = False

    # ------------------------------------------------------------------ physical records

    def records(self) -> Iterator[Record]:
        """Every record of the file with its field errors (blank lines are skipped)."""
        table = layouts(self.version, not self.utf8)
        get = table.get
        for line_no, raw in enumerate(self._lines, 1):
            line = raw.rstrip("\r\n")
            if self.utf8:
                line = line.encode("latin-1").decode("utf-8", "replace")
            if not line or line.isspace():
                continue
            layout = get(line[:3])
            if layout is None:
                yield unknown_record(line_no, line)
                continue
            if len(line) < layout.length:
                line = line.ljust(layout.length)  # trailing optional fields may be absent
            check = self.check_fields or line[:3] in CONTROL_TYPES
            yield Record(line_no, line, layout, layout.validate(line) if check else [])

    # ------------------------------------------------------------------ transactions and structure

    def transactions(self) -> Iterator[Transaction]:
        """Transactions in file order; structure and trailer problems go to self.messages."""
        state = _Structure(self)
        for record in self.records():
            if (done := state.feed(record)) is not None:
                yield done
        if (done := state.finish()) is not None:
            yield done
        self._finished = True

    @property
    def file_rejected(self) -> bool:
        return any(m.type == FILE for m in self.messages)

    def rejected_groups(self) -> set[int | None]:
        return {m.record_sequence for m in self.messages if m.type == GROUP}

    def error(self, kind: str, record: Record | None, number: str, text: str, group_id: int | None = None) -> None:
        line_no = record.line_no if record else None
        where = f"line {line_no}: " if line_no else ""
        record_type = record.record_type if record else "TRL"
        # For G messages the record sequence field carries the group id (there is no transaction to point at).
        sequence = group_id if kind == GROUP and group_id is not None else 0
        self.messages.append(Message(kind, kind, record_type, sequence, number, where + text, line_no))


class _Structure:
    """File-structure state machine (domain.md §1.4): HDR, (GRH, transactions, GRT)+, TRL."""

    def __init__(self, reader: CwrReader):
        self.r = reader
        self.group: Group | None = None
        self.tx: Transaction | None = None
        self.records = 0
        self.transactions = 0
        self.trailer_seen = False

    def feed(self, rec: Record) -> Transaction | None:
        """Take the next record; returns the transaction it completes, if any."""
        self.records += 1
        self.r.record_count = self.records
        rt = rec.record_type
        if self.records == 1 and rt != "HDR":
            self.r.error(FILE, rec, "001", f"first record must be HDR, found {rt}")
        if self.trailer_seen:
            self.r.error(FILE, rec, "002", f"{rt} record after TRL")
        if rt in CONTROL_TYPES:
            done = self._flush()
            getattr(self, "_" + rt.lower())(rec)
            return done
        return self._detail(rec)

    def finish(self) -> Transaction | None:
        done = self._flush()
        if self.group is not None:
            self.r.error(GROUP, None, "003", f"group {self.group.group_id} has no GRT", self.group.group_id)
        if not self.trailer_seen:
            self.r.error(FILE, None, "004", "file ends without TRL")
        return done

    def _flush(self) -> Transaction | None:
        tx, self.tx = self.tx, None
        return tx

    def _field_errors(self, rec: Record, kind: str, group_id: int | None = None) -> None:
        for e in rec.errors:
            if e.field.mandatory:
                self.r.error(kind, rec, "005", f"{rec.record_type} field '{e.field.label}': {e.reason}", group_id)

    def _hdr(self, rec: Record) -> None:
        if self.records != 1 or self.r.header is not None:
            self.r.error(FILE, rec, "006", "HDR must be the first and only header")
            return
        self.r.header = rec
        self._field_errors(rec, FILE)

    def _grh(self, rec: Record) -> None:
        if self.group is not None:
            self.r.error(GROUP, rec, "007", f"GRH before the GRT of group {self.group.group_id}", self.group.group_id)
        expected = len(self.r.groups) + 1
        self.group = Group(
            rec.get("group_id"),
            rec.get("transaction_type") or "",
            rec.get("version_number_for_this_transaction_type") or "",
            rec.line_no,
        )
        self.r.groups.append(self.group)
        self._field_errors(rec, GROUP, self.group.group_id)
        if self.group.group_id != expected:
            self.r.error(
                GROUP,
                rec,
                "008",
                f"group ID {self.group.group_id} out of sequence (expected {expected})",
                self.group.group_id,
            )

    def _grt(self, rec: Record) -> None:
        group = self.group
        if group is None:
            self.r.error(FILE, rec, "009", "GRT without a GRH")
            return
        group.record_count += 1
        self.group = None
        self._field_errors(rec, GROUP, group.group_id)
        checks = (
            ("Group ID", rec.get("group_id"), group.group_id),
            ("Transaction Count", rec.get("transaction_count"), group.transaction_count),
            ("Record Count", rec.get("record_count"), group.record_count),
        )
        for label, stated, actual in checks:
            if stated != actual:
                self.r.error(
                    GROUP, rec, "010", f"GRT field '{label}' is {stated}, the group has {actual}", group.group_id
                )

    def _trl(self, rec: Record) -> None:
        if self.group is not None:
            self.r.error(FILE, rec, "011", f"TRL before the GRT of group {self.group.group_id}")
        self.trailer_seen = True
        self._field_errors(rec, FILE)
        checks = (
            ("Group Count", rec.get("group_count"), len(self.r.groups)),
            ("Transaction Count", rec.get("transaction_count"), self.transactions),
            ("Record Count", rec.get("record_count"), self.records),
        )
        for label, stated, actual in checks:
            if stated != actual:
                self.r.error(FILE, rec, "012", f"TRL field '{label}' is {stated}, the file has {actual}")

    def _detail(self, rec: Record) -> Transaction | None:
        group = self.group
        if group is None:
            self.r.error(FILE, rec, "013", f"{rec.record_type} record outside a group")
            return None
        group.record_count += 1
        if _opens_transaction(rec, group):
            done = self._flush()
            self.tx = Transaction(group, [rec])
            group.transaction_count += 1
            self.transactions += 1
            self.r.transaction_count = self.transactions
            return done
        if self.tx is None:
            self.r.error(GROUP, rec, "014", f"{rec.record_type} record before any transaction header", group.group_id)
        else:
            self.tx.records.append(rec)
        return None


def _opens_transaction(rec: Record, group: Group) -> bool:
    rt = rec.record_type
    if rt in HEADERS_BY_GROUP.get(group.transaction_type, ()):
        return True
    # A transaction header of another type (sequence 0) still starts a transaction; validation rejects it.
    return rt in TRANSACTION_TYPES and rec.line[11:19] == "00000000" and group.transaction_type != "ACK"


def detect_version(hdr: str, grh: str, name: str | None = None) -> str:
    """Version from GRH 'Version Number' (most reliable), else the HDR version field, else the file name."""
    if grh[:3] == "GRH" and grh[11:16] in GRH_VERSIONS:
        return GRH_VERSIONS[grh[11:16]]
    if hdr[102:105] in ("3.0", "3.1"):
        return hdr[102:105]
    if hdr[101:104] == "2.2":
        return "2.2"
    parsed = parse_filename(name) if name else None
    return parsed.version if parsed else "2.1"


def _character_set(hdr: str, version: str) -> str:
    return hdr[87:102] if version.startswith("3") else hdr[86:101]


def _open(source: Source, name: str | None) -> tuple[Iterator[str], str | None]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        handle = open(path, encoding="latin-1", newline="")  # noqa: SIM115 - closed when the iterator ends
        return _closing(handle), name or path.name
    name = name or getattr(source, "name", None)
    if isinstance(name, str):
        name = os.path.basename(name)
    if isinstance(source, io.TextIOBase):
        return iter(source), name
    return iter(io.TextIOWrapper(source, encoding="latin-1", newline="")), name


def _closing(handle: IO[str]) -> Iterator[str]:
    with handle:
        yield from handle


def read_lines(lines: Iterable[str], *, version: str, name: str | None = None) -> CwrReader:
    """A reader over lines already in memory (tests, generated content)."""
    return CwrReader(
        io.StringIO("".join(line if line.endswith("\n") else line + "\r\n" for line in lines)),
        name=name,
        version=version,
    )
