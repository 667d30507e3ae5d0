"""The real CWR files beside the project (../shared/data, written by other software) read without structural
errors; the two weso samples whose trailers were edited by hand report exactly those trailer mismatches."""

import pytest

from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction

DMP = [
    ("CW260001HMP_000.V21", "2.1"),
    ("CW260002HMP_000.V21", "2.1"),
    ("CW260003HMP_000.V22", "2.2"),
    ("CW260004HMP_000.V22", "2.2"),
    ("CW260005HMP_0000_V3-0-0.SUB", "3.0"),
    ("CW260006HMP_0000_V3-0-0.ISR", "3.0"),
    ("CW260007HMP_0000_V3-1-0.SUB", "3.1"),
]


@pytest.mark.parametrize(("name", "version"), DMP)
def test_dmp_files_read_clean_and_validate(shared_data, name, version):
    reader = CwrReader(shared_data / "cwr-dmp" / name)
    statuses = [validate_transaction(tx, reader.version).status for tx in reader.transactions()]
    assert reader.version == version
    assert reader.messages == []
    assert len(statuses) == 40 and set(statuses) == {"RA"}


@pytest.mark.parametrize("name", ["nwrexample2.V21", "revexample.V21"])
def test_weso_examples_read_clean(shared_data, name):
    reader = CwrReader(shared_data / "cwr-weso" / name)
    transactions = list(reader.transactions())
    assert reader.messages == []
    assert {validate_transaction(tx, "2.1").status for tx in transactions} == {"RA"}


def test_weso_ack_example_reads_every_ack_and_reports_its_edited_record_counts(shared_data):
    reader = CwrReader(shared_data / "cwr-weso" / "ackexample.V21")
    transactions = list(reader.transactions())
    assert [tx.type for tx in transactions] == ["ACK"] * 20
    assert {tx.header.values["transaction_status"] for tx in transactions} <= {"AS", "RA", "AC", "RJ", "CO", "NP"}
    assert [(m.record_type, m.text.split(": ", 1)[1]) for m in reader.messages] == [
        ("GRT", "GRT field 'Record Count' is 521, the group has 520"),
        ("TRL", "TRL field 'Record Count' is 2575, the file has 2574"),
    ]


def test_weso_cleaned_demo_is_truncated_and_says_so(shared_data):
    reader = CwrReader(shared_data / "cwr-weso" / "demo_cwr_cleaned.v22")
    assert len(list(reader.transactions())) == 10
    assert reader.version == "2.2"
    assert "GRT field 'Transaction Count' is 39, the group has 10" in reader.messages[0].text
