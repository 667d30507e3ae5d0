"""CWR writer: byte-exact fixed-width lines (upper-case ASCII, CR LF), transaction and record sequence numbers
assigned as it goes, and GRT/TRL written with the counts of what was actually written.

    w = CwrWriter(out, "2.2")
    w.header(sender_type="PB", sender_id="000000199", sender_name="...", creation=datetime(...))
    w.group("NWR")
    w.transaction([("NWR", {...}), ("SPU", {...}), ...])
    w.close()           # GRT of the open group, then TRL
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TextIO

from exchange.cwr.layouts import layouts

EOL = "\r\n"
GRH_VERSIONS = {"2.1": "02.10", "2.2": "02.20", "3.0": "03.00", "3.1": "03.10"}
EDI_STANDARD_VERSION = "01.10"


def format_record(version: str, record_type: str, values: Mapping[str, object]) -> str:
    """One record as fixed-width text without the line end."""
    return layouts(version)[record_type].encode(values)


class CwrWriter:
    def __init__(self, out: TextIO, version: str):
        self.out = out
        self.version = version
        self._layouts = layouts(version)
        self.record_count = 0
        self.transaction_count = 0
        self.group_count = 0
        self._group: tuple[int, int, int] | None = None  # (group id, transactions, records)

    def _emit(self, record_type: str, values: Mapping[str, object]) -> None:
        self.out.write(self._layouts[record_type].encode(values) + EOL)
        self.record_count += 1

    def header(self, *, creation: datetime, transmission: datetime | None = None, **values: object) -> None:
        """HDR; sender_type, sender_id and sender_name are expected in `values`."""
        defaults: dict[str, object] = {
            "creation_date": creation.date(),
            "creation_time": creation.hour * 3600 + creation.minute * 60 + creation.second,
            "transmission_date": (transmission or creation).date(),
        }
        if self.version == "2.1" or self.version == "2.2":
            defaults["edi_standard_version_number"] = EDI_STANDARD_VERSION
        if self.version != "2.1":
            defaults |= {"version": self.version, "revision": 2 if self.version == "2.2" else 0}
        self._emit("HDR", defaults | values)

    def group(self, transaction_type: str, **values: object) -> None:
        """Close the open group (if any) and open the next one."""
        self.end_group()
        self.group_count += 1
        self._emit(
            "GRH",
            {
                "transaction_type": transaction_type,
                "group_id": self.group_count,
                "version_number_for_this_transaction_type": GRH_VERSIONS[self.version],
                "batch_request": 0,
            }
            | values,
        )
        self._group = (self.group_count, 0, 1)

    def transaction(self, records: Iterable[tuple[str, Mapping[str, object]]]) -> None:
        """The header record first, then its details; sequence numbers are filled in here."""
        if self._group is None:
            raise ValueError("transaction outside a group: call group() first")
        group_id, transactions, group_records = self._group
        count = 0
        for record_sequence, (record_type, values) in enumerate(records):
            self._emit(
                record_type,
                {**values, "transaction_sequence_number": transactions, "record_sequence_number": record_sequence},
            )
            count += 1
        self._group = (group_id, transactions + 1, group_records + count)
        self.transaction_count += 1

    def end_group(self) -> None:
        if self._group is None:
            return
        group_id, transactions, group_records = self._group
        self._emit("GRT", {"group_id": group_id, "transaction_count": transactions, "record_count": group_records + 1})
        self._group = None

    def close(self) -> None:
        """GRT of the open group and the TRL (counts include HDR and TRL)."""
        self.end_group()
        self._emit(
            "TRL",
            {
                "group_count": self.group_count,
                "transaction_count": self.transaction_count,
                "record_count": self.record_count + 1,
            },
        )
