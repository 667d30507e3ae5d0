"""ACK files: one ACK transaction per incoming transaction with its MSG records, and correct trailers."""

import io
from datetime import date, datetime

import pytest

from exchange.cwr.ack import AckHeader, AckTransaction, write_ack
from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction
from tests.exchange.cwr_helpers import cwr_text, put, replace_line, results, work_21

HEADER = AckHeader(
    "052", "PRS FOR MUSIC", date(2025, 3, 14), 9 * 3600 + 30 * 60, date(2025, 3, 15), datetime(2025, 3, 15, 12, 0, 0)
)


@pytest.mark.parametrize("version", ["2.1", "2.2", "3.0", "3.1"])
def test_ack_file_reads_back_with_statuses_and_messages(version):
    text = cwr_text("2.1", [work_21("ONE"), work_21("TWO")])
    text = replace_line(text, 9, put(text.split("\r\n")[8], 127, "XYZ"))  # reject the second work
    pairs, _ = results(text)
    entries = [
        AckTransaction(
            tx.group.group_id,
            tx.sequence,
            tx.type,
            result.status,
            tx.header.values["work_title"],
            tx.header.values["submitter_work_number"],
            "W00000001" if result.accepted else None,
            result.messages,
        )
        for tx, result in pairs
    ]
    out = io.StringIO(newline="")
    assert write_ack(out, version, HEADER, entries) == 2

    reader = CwrReader(io.StringIO(out.getvalue(), newline=""), version=version)
    acks = list(reader.transactions())
    assert reader.messages == []
    assert [validate_transaction(tx, version).status for tx in acks] == ["RA", "RA"]
    first, second = (tx.header.values for tx in acks)
    assert (first["transaction_status"], first["recipient_creation_number"]) == ("RA", "W00000001")
    assert (second["transaction_status"], second["creation_title"], second["original_transaction_sequence_number"]) == (
        "RJ",
        "TWO",
        1,
    )
    [msg] = [r.values for r in acks[1].records[1:]]
    assert (msg["message_type"], msg["original_record_type"], msg["original_record_sequence_number"]) == ("T", "NWR", 0)
    assert msg["message_text"].startswith("LINE 9 NWR FIELD 'MUSICAL WORK DISTRIBUTION CATEGORY'")
    assert reader.header.values["sender_type"] == "SO"
