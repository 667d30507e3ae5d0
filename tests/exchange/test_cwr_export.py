"""export_cwr: our works as registrations; export -> import -> export is byte-identical in every version; incoming
ACKs update our registrations (status, society work number, ISWC) and turn the next export into revisions."""

import io
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from exchange.cwr.naming import cwr_filename
from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction
from exchange.cwr.writer import CwrWriter
from exchange.models import Registration
from rightowners.models import InterestedParty, Membership
from tests.exchange.cwr_helpers import GOLDEN
from works.models import Work, WorkShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(settings):
    """Our society is 052 (PRS); the catalogue comes from a publisher's 2.1 and 3.0 files."""
    settings.SOCIETY_CODE = "052"
    for name in ("CW250001SUN_052.V21", "CW250003SUN_052_V3-0-0.SUB"):
        call_command("import_cwr", str(GOLDEN / name), stdout=StringIO())


def export(tmp_path, version, name=None, recipient="035") -> tuple:
    name = name or cwr_filename(version, 2025, 1, "052", recipient)
    out = StringIO()
    call_command(
        "export_cwr", "--version", version, "--recipient", recipient, "--out", str(tmp_path / name), stdout=out
    )
    return tmp_path / name, out.getvalue().splitlines()


@pytest.mark.parametrize("version", ["2.1", "2.2", "3.0", "3.1"])
def test_export_import_export_is_byte_identical(catalogue, tmp_path, version):
    first, lines = export(tmp_path / "a", version)
    assert lines[0].endswith(f": 2 transactions written to {first}")
    reader = CwrReader(first)
    assert {validate_transaction(tx, version).status for tx in reader.transactions()} == {"RA"}
    assert reader.messages == []
    before = (
        Work.objects.count(),
        InterestedParty.objects.count(),
        Membership.objects.count(),
        sorted(Work.objects.values_list("updated_at", flat=True)),
    )
    out = StringIO()
    call_command("import_cwr", str(first), stdout=out)
    assert out.getvalue().splitlines()[0].endswith(": 2 transactions, 2 accepted, 0 rejected")
    assert before == (
        Work.objects.count(),
        InterestedParty.objects.count(),
        Membership.objects.count(),
        sorted(Work.objects.values_list("updated_at", flat=True)),
    )
    second, _ = export(tmp_path / "b", version)
    assert second.read_bytes() == first.read_bytes()


def test_export_carries_shares_and_memberships_of_our_works(catalogue, tmp_path):
    path, _ = export(tmp_path, "2.2")
    [train, cue] = list(CwrReader(path).transactions())
    spu = next(r for r in train.records if r.record_type == "SPU").values
    assert (spu["publisher_name"], spu["pr_ownership_share"], spu["pr_affiliation_society_number"]) == (
        "SUNRISE PUBLISHING",
        2500,
        "052",
    )  # the 3.0 file revised the work: PR 25.00 collection for the World
    assert train.header.values["submitter_work_number"] == Work.objects.get(title="MIDNIGHT TRAIN").code
    assert [r.record_type for r in cue.records].count("OWR") == 1


def test_since_limits_the_export_to_recent_changes(catalogue, tmp_path):
    Work.objects.filter(title="MIDNIGHT TRAIN").update(updated_at=datetime(2020, 1, 1, 12, 0, tzinfo=UTC))
    out = StringIO()
    call_command(
        "export_cwr",
        "--version",
        "2.1",
        "--recipient",
        "35",
        "--since",
        date.today().isoformat(),
        "--out",
        str(tmp_path / "x.V21"),
        stdout=out,
    )
    assert out.getvalue().startswith("cwr ") and ": 1 transactions" in out.getvalue()


def _ack_file(path, statuses: dict[str, tuple[str, str, str | None]]) -> None:
    """An ACK file from society 035 for the registrations in `path`: code -> (status, society number, ISWC)."""
    text = io.StringIO(newline="")
    writer = CwrWriter(text, "2.1")
    writer.header(sender_type="SO", sender_id="000000035", sender_name="GEMA", creation=datetime(2025, 4, 1, 8))
    writer.group("ACK")
    for tx in CwrReader(path).transactions():
        header = tx.header.values
        status, number, iswc = statuses[header["submitter_work_number"]]
        writer.transaction(
            [
                (
                    "ACK",
                    {
                        "creation_date": date(2025, 3, 1),
                        "creation_time": 0,
                        "original_group_id": 1,
                        "original_transaction_sequence_number": tx.sequence,
                        "original_transaction_type": tx.type,
                        "creation_title": header["work_title"],
                        "submitter_creation_number": header["submitter_work_number"],
                        "recipient_creation_number": number,
                        "processing_date": date(2025, 4, 1),
                        "transaction_status": status,
                    },
                ),
                (tx.type, {k: v for k, v in header.items() if k not in ("record_type",)} | {"iswc": iswc}),
            ]
        )
    writer.close()
    (path.parent / cwr_filename("2.1", 2025, 1, "035", "052")).write_text(text.getvalue(), newline="")


def test_incoming_ack_updates_registrations_and_iswc_then_export_revises(catalogue, tmp_path):
    train, cue = Work.objects.get(title="MIDNIGHT TRAIN"), Work.objects.get(title="LIBRARY CUE NO 7")
    path, _ = export(tmp_path, "2.1")
    _ack_file(path, {train.code: ("AS", "GEMA-1", None), cue.code: ("RJ", "", "T9110005782")})
    out = StringIO()
    call_command("import_cwr", str(tmp_path / cwr_filename("2.1", 2025, 1, "035", "052")), stdout=out)
    assert out.getvalue().splitlines()[0].endswith(": 2 transactions, 1 accepted, 1 rejected")
    assert set(Registration.objects.values_list("work__title", "society", "status", "society_work_number")) == {
        ("MIDNIGHT TRAIN", "035", "AS", "GEMA-1"),
        ("LIBRARY CUE NO 7", "035", "RJ", ""),
    }
    cue.refresh_from_db()
    assert cue.iswc == "T9110005782"
    again, _ = export(tmp_path / "next", "2.1")
    groups = {tx.type: tx.header.values["work_title"] for tx in CwrReader(again).transactions()}
    assert groups == {"REV": "MIDNIGHT TRAIN", "NWR": "LIBRARY CUE NO 7"}


def test_writers_point_at_their_publisher_after_a_round_trip(catalogue, tmp_path):
    path, _ = export(tmp_path, "2.1")
    writer = WorkShare.objects.get(work__title="MIDNIGHT TRAIN", role="CA")
    assert writer.publisher.party.last_name == "SUNRISE PUBLISHING"
    pwr = next(r for tx in CwrReader(path).transactions() for r in tx.records if r.record_type == "PWR").values
    assert pwr["publisher_ip_number"] == writer.publisher.party.code
