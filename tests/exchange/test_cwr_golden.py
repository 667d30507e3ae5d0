"""Hand-written golden files (one per version, composed field by field like django-music-publisher's templates):
they read without a single message, decode to the values written in them, and our writer reproduces them byte
for byte."""

import io
from datetime import date

import pytest

from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction
from exchange.cwr.writer import CwrWriter
from tests.exchange.cwr_helpers import GOLDEN

FILES = {
    "2.1": "CW250001SUN_052.V21",
    "2.2": "CW250002SUN_052.V22",
    "3.0": "CW250003SUN_052_V3-0-0.SUB",
    "3.1": "CW250004SUN_052_V3-1-0.SUB",
}


def _read(version):
    reader = CwrReader(GOLDEN / FILES[version])
    transactions = list(reader.transactions())
    return reader, transactions


@pytest.mark.parametrize("version", FILES)
def test_golden_file_reads_clean_and_every_transaction_is_accepted(version):
    reader, transactions = _read(version)
    assert reader.version == version
    assert reader.messages == []
    assert [r.errors for tx in transactions for r in tx.records if r.errors] == []
    assert {validate_transaction(tx, version).status for tx in transactions} == {"RA"}


@pytest.mark.parametrize("version", FILES)
def test_golden_work_header_decodes_to_the_values_in_the_file(version):
    _, transactions = _read(version)
    header = transactions[0].header.values
    assert header["work_title"] == "MIDNIGHT TRAIN"
    assert header["submitter_work_number"] == "WC000001"
    assert header["iswc"] == "T0345246801"
    assert header["duration"] == 3 * 60 + 30
    assert header["recorded_indicator"] == "Y"
    assert header["version_type"] == "ORI"


@pytest.mark.parametrize("version", ["2.1", "2.2"])
def test_golden_2x_shares_decode_as_hundredths_of_a_percent(version):
    _, transactions = _read(version)
    spu = next(r for r in transactions[0].records if r.record_type == "SPU").values
    assert (spu["pr_ownership_share"], spu["mr_ownership_share"], spu["sr_ownership_share"]) == (5000, 10000, 10000)
    assert (spu["pr_affiliation_society_number"], spu["mr_society"]) == ("052", "044")
    assert spu["publisher_ipi_base_number"] == "I-000000229-7"
    rec = next(r for r in transactions[0].records if r.record_type == "REC").values
    assert rec["first_release_date"] == date(2024, 1, 5) and rec["isrc"] == "GBABC2400001"


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_golden_3x_societies_sit_on_territory_records_and_normalise_to_three_digits(version):
    _, transactions = _read(version)
    spt = next(r for r in transactions[0].records if r.record_type == "SPT").values
    assert (spt["pr_affiliation_society"], spt["mr_affiliation_society"]) == ("052", "044")
    assert spt["pr_collection_share"] == 2500 and spt["tis_numeric_code"] == "2136"
    xrf = next(r for r in transactions[0].records if r.record_type == "XRF").values
    assert xrf["organisation_code"] == "052"


def test_golden_31_carries_manuscript_shares():
    _, transactions = _read("3.1")
    man = next(r for r in transactions[0].records if r.record_type == "MAN").values
    assert (man["interested_party_number"], man["pr_manuscript_share"]) == ("W000001", 5000)


@pytest.mark.parametrize("version", FILES)
def test_writer_reproduces_golden_file_byte_for_byte(version):
    reader, transactions = _read(version)
    out = io.StringIO(newline="")
    writer = CwrWriter(out, version)
    hdr = reader.header.values
    writer.header(creation=_creation(hdr), **{k: v for k, v in hdr.items() if k != "record_type"})
    writer.group(transactions[0].group.transaction_type)
    for tx in transactions:
        writer.transaction([(r.record_type, r.values) for r in tx.records])
    writer.close()
    assert out.getvalue() == (GOLDEN / FILES[version]).read_bytes().decode("ascii")


def _creation(hdr):
    from datetime import datetime, timedelta

    return datetime.combine(hdr["creation_date"], datetime.min.time()) + timedelta(seconds=hdr["creation_time"])
