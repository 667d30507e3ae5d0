"""Helpers shared by the CWR codec tests: build lines and tiny files from values, through our own writer."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction
from exchange.cwr.writer import CwrWriter

GOLDEN = Path(__file__).resolve().parent / "golden"
CREATED = datetime(2025, 3, 14, 9, 30, 15)

Records = list[tuple[str, Mapping[str, object]]]


def work_21(title: str = "MIDNIGHT TRAIN", *, pr: tuple[int, int] = (5000, 5000), **header: object) -> Records:
    """A minimal valid 2.x NWR: one SPU/SPT and one SWR/SWT/PWR, PR split publisher/writer as given."""
    publisher_pr, writer_pr = pr
    return [
        (
            "NWR",
            {
                "work_title": title,
                "submitter_work_number": title.replace(" ", "")[:14],
                "musical_work_distribution_category": "POP",
                "recorded_indicator": "Y",
                "version_type": "ORI",
                **header,
            },
        ),
        (
            "SPU",
            {
                "publisher_sequence_number": 1,
                "interested_party_number": "P1",
                "publisher_name": "SUN PUB",
                "publisher_type": "E",
                "pr_affiliation_society_number": "052",
                "pr_ownership_share": publisher_pr,
                "mr_society": "044",
                "mr_ownership_share": 10000,
            },
        ),
        (
            "SPT",
            {
                "interested_party_number": "P1",
                "pr_collection_share": publisher_pr,
                "mr_collection_share": 10000,
                "inclusion_exclusion_indicator": "I",
                "tis_numeric_code": "2136",
                "sequence_number": 1,
            },
        ),
        (
            "SWR",
            {
                "interested_party_number": "W1",
                "writer_last_name": "NOVAK",
                "writer_designation_code": "CA",
                "writer_ipi_name_number": "00000000199",
                "pr_affiliation_society_number": "052",
                "pr_ownership_share": writer_pr,
            },
        ),
        (
            "SWT",
            {
                "interested_party_number": "W1",
                "pr_collection_share": writer_pr,
                "inclusion_exclusion_indicator": "I",
                "tis_numeric_code": "2136",
                "sequence_number": 1,
            },
        ),
        (
            "PWR",
            {
                "publisher_ip_number": "P1",
                "publisher_name": "SUN PUB",
                "writer_ip_number": "W1",
                "publisher_sequence_number": 1,
            },
        ),
    ]


def cwr_text(version: str, transactions: Iterable[Records], group_type: str = "NWR") -> str:
    out = io.StringIO(newline="")
    writer = CwrWriter(out, version)
    writer.header(sender_type="PB", sender_id="000000199", sender_name="SUN PUB", creation=CREATED)
    writer.group(group_type)
    for tx in transactions:
        writer.transaction(tx)
    writer.close()
    return out.getvalue()


def reader_of(text: str, version: str | None = None, name: str = "CW250001SUN_052.V21") -> CwrReader:
    return CwrReader(io.StringIO(text, newline=""), name=name, version=version)


def results(text: str, version: str | None = None):
    """[(transaction, result)] for every transaction, and the reader (for file messages)."""
    reader = reader_of(text, version)
    out = [(tx, validate_transaction(tx, reader.version)) for tx in reader.transactions()]
    return out, reader


def replace_line(text: str, line_no: int, new_line: str) -> str:
    lines = text.split("\r\n")
    lines[line_no - 1] = new_line
    return "\r\n".join(lines)


def put(line: str, start: int, value: str) -> str:
    """Overwrite `value` at 1-based position `start` (pads the line when needed)."""
    line = line.ljust(start - 1 + len(value))
    return line[: start - 1] + value + line[start - 1 + len(value) :]
