"""Records as read from a file: the padded line, its layout and its field errors; values decode on demand."""

from __future__ import annotations

from dataclasses import dataclass, field

from exchange.cwr.fields import Field
from exchange.cwr.layouts import FieldError, RecordLayout

RECORD_TYPE_FIELD = Field("Record Type", 1, 3, "A", "M", name="record_type")


class Record:
    """One physical record. `errors` lists invalid fields; invalid fields decode to None (dropped)."""

    __slots__ = ("line_no", "line", "record_type", "layout", "errors", "_values")

    def __init__(self, line_no: int, line: str, layout: RecordLayout | None, errors: list[FieldError]):
        self.line_no = line_no
        self.line = line
        self.record_type = line[:3]
        self.layout = layout
        self.errors = errors
        self._values: dict[str, object] | None = None

    @property
    def values(self) -> dict[str, object]:
        if self._values is None:
            if self.layout is None:
                self._values = {"record_type": self.record_type}
            else:
                dropped = {e.field.name for e in self.errors} if self.errors else ()
                self._values = self.layout.decode(self.line, dropped)
        return self._values

    def __getitem__(self, name: str) -> object:
        return self.values[name]

    def get(self, name: str, default: object = None) -> object:
        value = self.values.get(name)
        return default if value is None else value

    @property
    def transaction_sequence(self) -> int | None:
        text = self.line[3:11]
        return int(text) if text.isdigit() else None

    @property
    def record_sequence(self) -> int | None:
        text = self.line[11:19]
        return int(text) if text.isdigit() else None

    def __repr__(self) -> str:
        return f"<Record {self.record_type} line {self.line_no}{' with errors' if self.errors else ''}>"


def unknown_record(line_no: int, line: str) -> Record:
    reason = f"unknown record type {line[:3]!r}"
    return Record(line_no, line, None, [FieldError(RECORD_TYPE_FIELD, line[:3], reason)])


@dataclass(slots=True)
class Group:
    group_id: int | None
    transaction_type: str
    version_number: str
    line_no: int
    transaction_count: int = 0
    record_count: int = 1  # the GRH itself


@dataclass(slots=True)
class Transaction:
    """A transaction header and its detail records, in file order."""

    group: Group
    records: list[Record] = field(default_factory=list)

    @property
    def header(self) -> Record:
        return self.records[0]

    @property
    def type(self) -> str:
        return self.header.record_type

    @property
    def sequence(self) -> int | None:
        return self.header.transaction_sequence

    @property
    def line_no(self) -> int:
        return self.header.line_no
