"""Validation messages shaped like CWR MSG records (domain.md §1.7)."""

from __future__ import annotations

from dataclasses import dataclass

from exchange.cwr.pickling import pickled_by_fields

# Message type = what the error rejects; the order is also the severity order.
FIELD, RECORD, TRANSACTION, GROUP, FILE = "F", "R", "T", "G", "E"


@pickled_by_fields
@dataclass
class Message:
    type: str  # F field dropped, R record dropped, T transaction rejected, G group rejected, E file rejected
    level: str  # level of the edit that failed: F field, R record, T transaction, G group, E file
    record_type: str
    record_sequence: int  # record in the transaction that caused it (0 = the header)
    validation_number: str  # 3 characters
    text: str  # names line and field: "line 1834 SWR field 'Writer IPI Name #': check digits fail ..."
    line_no: int | None = None

    @property
    def rejects_transaction(self) -> bool:
        return self.type in (TRANSACTION, GROUP, FILE)

    def msg_values(self) -> dict[str, object]:
        """Values of the MSG record that reports this message (prefix fields excluded)."""
        return {
            "message_type": self.type,
            "original_record_sequence_number": self.record_sequence,
            "original_record_type": self.record_type,
            "message_level": self.level,
            "validation_number": self.validation_number[:3].rjust(3, "0"),
            "message_text": self.text,
        }

    def __str__(self) -> str:
        return f"{self.type}/{self.level} {self.record_type} #{self.validation_number}: {self.text}"
