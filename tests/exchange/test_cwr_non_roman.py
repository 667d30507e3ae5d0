"""What CWR sends beyond the Roman-alphabet basics is stored and sent back: titles in original script (NAT) as
alternate titles, publishers' and writers' names in original script (NPN / NWN) on the party, agreements with
territory exclusions (TER E) as ordered territory rows (exported as AGR); a writer's second PWR link is refused
with a field message."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from distribution.runs import engine, feed
from exchange.cwr.native import Utf8CwrWriter
from exchange.cwr.reader import CwrReader
from exchange.cwr.validation import validate_transaction
from exchange.models import CwrFile
from rightowners.models import Agreement, InterestedParty
from tests.exchange.cwr_helpers import GOLDEN, cwr_text, work_21
from works.models import AlternateTitle, Work, WorkShare

pytestmark = pytest.mark.django_db
NATIVE = GOLDEN / "CW250005SUN_052.V22"
TITLES = {("CHERRY BLOSSOM NIGHTS", "AT", "", False), ("桜の夜", "OT", "JA", True), ("Ночи сакуры", "TT", "RU", True)}


def run(path) -> list[str]:
    out = StringIO()
    call_command("import_cwr", str(path), stdout=out)
    return out.getvalue().splitlines()


def export(path, version) -> list[str]:
    out = StringIO()
    call_command("export_cwr", "--version", version, "--recipient", "035", "--out", str(path), stdout=out)
    return out.getvalue().splitlines()


def _titles(work) -> set:
    return set(AlternateTitle.objects.filter(work=work).values_list("title", "title_type", "language", "non_roman"))


def _native(party: InterestedParty) -> tuple:
    return party.native_last_name, party.native_first_name, party.native_language


def test_golden_file_with_non_roman_records_reads_clean_and_is_written_back_byte_for_byte():
    reader = CwrReader(NATIVE)
    transactions = list(reader.transactions())
    assert reader.utf8 and reader.messages == []
    assert [validate_transaction(tx, "2.2").status for tx in transactions] == ["RA", "RA"]
    npn = next(r for r in transactions[0].records if r.record_type == "NPN").values
    assert (npn["publisher_name"], npn["language_code"]) == ("花見音楽出版", "JA")
    out = StringIO(newline="")
    writer = Utf8CwrWriter(out, "2.2")
    hdr = {k: v for k, v in reader.header.values.items() if k not in ("record_type", "creation_time")}
    writer.header(creation=_creation(reader.header.values), **hdr)
    for tx in transactions:
        writer.group(tx.type)
        writer.transaction([(r.record_type, r.values) for r in tx.records])
    writer.close()
    assert out.getvalue() == NATIVE.read_bytes().decode("utf-8")


def _creation(hdr):
    from datetime import datetime, timedelta

    return datetime.combine(hdr["creation_date"], datetime.min.time()) + timedelta(seconds=hdr["creation_time"])


def test_nat_npn_nwn_and_agreement_exclusions_are_stored(settings):
    settings.SOCIETY_CODE = "052"
    assert run(NATIVE)[0].endswith(": 2 transactions, 2 accepted, 0 rejected")
    work = Work.objects.get(title="SAKURA NIGHTS")
    assert _titles(work) == TITLES
    publisher = InterestedParty.objects.get(last_name="HANAMI MUSIC")
    writer = InterestedParty.objects.get(last_name="TANAKA")
    assert _native(publisher) == ("花見音楽出版", "", "JA")
    assert _native(writer) == ("田中", "由紀", "JA") and writer.native_name == "由紀 田中"
    rows = list(
        Agreement.objects.order_by("id").values_list(
            "acquirer__last_name", "right_type", "territory", "excluded", "share"
        )
    )
    assert rows == [
        ("WESTERN SUB PUBLISHING", "PR", "2136", False, Decimal("50.00")),
        ("WESTERN SUB PUBLISHING", "PR", "0392", True, Decimal("50.00")),
        ("WESTERN SUB PUBLISHING", "MR", "2136", False, Decimal("75.00")),
        ("WESTERN SUB PUBLISHING", "MR", "0392", True, Decimal("75.00")),
    ]
    [pr] = feed.agreements("PR", date(2025, 6, 30))
    assert (pr.assignor, pr.share_bp) == (publisher.pk, 5000)
    assert pr.territories == (engine.TerritoryRecord(True, "2136"), engine.TerritoryRecord(False, "0392"))
    assert feed.agreements("PR", date(2024, 12, 31)) == []  # the agreement starts in 2025


def test_party_screen_and_api_show_the_name_in_original_script(settings, admin_client):
    settings.SOCIETY_CODE = "052"
    run(NATIVE)
    writer = InterestedParty.objects.get(last_name="TANAKA")
    assert "由紀 田中" in admin_client.get(f"/parties/{writer.pk}/").content.decode()
    data = admin_client.get(f"/api/v1/parties/{writer.pk}/").json()
    assert (data["native_last_name"], data["native_first_name"], data["native_language"]) == ("田中", "由紀", "JA")


@pytest.mark.parametrize("version", ["2.1", "2.2", "3.0", "3.1"])
def test_export_sends_them_back_and_export_import_export_is_byte_identical(settings, tmp_path, version):
    settings.SOCIETY_CODE = "052"
    run(NATIVE)
    first = tmp_path / "a" / f"CW250001052_035.V{version.replace('.', '')}"
    assert export(first, version)[0].endswith(": 2 transactions written to " + str(first))
    reader = CwrReader(first)
    [tx, agreement] = list(reader.transactions())
    assert reader.utf8 and {validate_transaction(t, version).status for t in (tx, agreement)} == {"RA"}
    ter = [(r.values["inclusion_exclusion_indicator"], r.values["tis_numeric_code"]) for r in agreement.records[1:3]]
    assert (agreement.type, ter) == ("AGR", [("I", "2136"), ("E", "0392")])
    ipa = [(r.values["agreement_role_code"], r.values["pr_share"], r.values["mr_share"]) for r in agreement.records[3:]]
    assert ipa == [("AS", 5000, 2500), ("AC", 5000, 7500)]
    values = {r.record_type: r.values for r in tx.records}
    assert (values["NPN"]["publisher_name"], values["NWN"]["writer_first_name"]) == ("花見音楽出版", "由紀")
    nat = [(r.values["title"], r.values["title_type"]) for r in tx.records if r.record_type == "NAT"]
    assert nat == [("桜の夜", "OT"), ("Ночи сакуры", "TT")]
    work = Work.objects.get()
    before = (
        work.updated_at,
        sorted(AlternateTitle.objects.values_list("id", flat=True)),
        InterestedParty.objects.count(),
        sorted(Agreement.objects.values_list("id", flat=True)),
    )
    assert run(first)[0].endswith(": 2 transactions, 2 accepted, 0 rejected")
    work.refresh_from_db()
    assert before == (
        work.updated_at,
        sorted(AlternateTitle.objects.values_list("id", flat=True)),
        InterestedParty.objects.count(),
        sorted(Agreement.objects.values_list("id", flat=True)),
    )
    second = tmp_path / "b" / first.name
    export(second, version)
    assert second.read_bytes() == first.read_bytes()


def _resend(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_same_content_again_changes_nothing(settings, tmp_path):
    settings.SOCIETY_CODE = "052"
    run(NATIVE)
    work = Work.objects.get()
    titles = sorted(AlternateTitle.objects.values_list("id", flat=True))
    agreements = sorted(Agreement.objects.values_list("id", flat=True))
    text = NATIVE.read_bytes().decode("utf-8").replace("093015", "101500", 1)  # another file, same content
    out = run(_resend(tmp_path, "CW250006SUN_052.V22", text))
    assert out[0].endswith(": 2 transactions, 2 accepted, 0 rejected")
    assert CwrFile.objects.count() == 2
    assert Work.objects.get().updated_at == work.updated_at
    assert sorted(AlternateTitle.objects.values_list("id", flat=True)) == titles
    assert sorted(Agreement.objects.values_list("id", flat=True)) == agreements
    changed = text.replace("TER0000000000000002E0392", "TER0000000000000002E0826", 1).replace("101500", "101501", 1)
    run(_resend(tmp_path, "CW250010SUN_052.V22", changed))
    assert set(Agreement.objects.values_list("territory", "excluded")) == {("2136", False), ("0826", True)}
    assert Agreement.objects.count() == 4


def test_a_revision_without_nwn_keeps_the_name_and_one_with_another_name_replaces_it(settings, tmp_path):
    settings.SOCIETY_CODE = "052"
    run(NATIVE)
    text = NATIVE.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    without = [line for line in lines if not line.startswith(("NWN", "GRHAGR", "AGR", "TER", "IPA"))]
    without = [line for line in without if not line.startswith("GRT00002")]
    body = _renumber(without)
    updated = Work.objects.get().updated_at
    assert run(_resend(tmp_path, "CW250007SUN_052.V22", body))[0].endswith(": 1 transactions, 1 accepted, 0 rejected")
    writer = InterestedParty.objects.get(last_name="TANAKA")
    assert _native(writer) == ("田中", "由紀", "JA")
    assert Work.objects.get().updated_at == updated  # the party keeps its name, so the work is unchanged
    renamed = text.replace("田中", "田仲", 1).replace("093015", "111111", 1)
    run(_resend(tmp_path, "CW250008SUN_052.V22", renamed))
    writer.refresh_from_db()
    assert _native(writer) == ("田仲", "由紀", "JA")
    assert Work.objects.get().updated_at > updated


def _renumber(lines: list[str]) -> str:
    """A file without some records: record sequences, group and file trailers counted again."""
    out, sequence, records = [], 0, 0
    for line in lines:
        if not line:
            continue
        kind = line[:3]
        if kind in ("NWR", "REV"):
            sequence = 0
        elif kind not in ("HDR", "GRH", "GRT", "TRL"):
            sequence += 1
            line = line[:11] + f"{sequence:08d}" + line[19:]
        if kind == "GRT":
            line = line[:3] + "00001" + "00000001" + f"{records + 2:08d}" + line[24:]
        if kind == "TRL":
            line = "TRL" + "00001" + "00000001" + f"{len(out) + 1:08d}"
        if kind not in ("HDR", "GRH", "GRT", "TRL"):
            records += 1
        out.append(line)
    return "\r\n".join(out) + "\r\n"


def test_a_writers_second_publisher_link_is_refused_with_a_field_message_and_the_first_kept(settings, tmp_path):
    work = work_21()
    second = [
        (
            "SPU",
            {
                "publisher_sequence_number": 2,
                "interested_party_number": "P2",
                "publisher_name": "MOON PUB",
                "publisher_type": "E",
            },
        )
    ]
    links = [("PWR", {"publisher_ip_number": "P2", "writer_ip_number": "W1", "publisher_sequence_number": 2})]
    records = work[:3] + second + work[3:] + links
    path = tmp_path / "CW250009SUN_052.V22"
    path.write_text(cwr_text("2.2", [records]), newline="")
    call_command("import_cwr", str(path), "--ack-out", str(tmp_path / "acks"), stdout=StringIO())
    ack = CwrFile.objects.get().ack
    status = next(line for line in ack.splitlines() if line.startswith("ACK"))[157:159]
    assert status == "AC"  # accepted with changes: the work is stored, the second link is not
    msg = next(line for line in ack.splitlines() if line.startswith("MSG"))
    assert "PWR FIELD 'PUBLISHER IP #' 'P2' NOT STORED" in msg.upper() and "'P1'" in msg.upper()
    writer = WorkShare.objects.get(party__last_name="NOVAK")
    assert writer.publisher.party.last_name == "SUN PUB"


def test_staff_agreement_rows_with_an_exclusion_are_one_agreement_and_only_numbered_ones_are_exported(tmp_path):
    p = InterestedParty.objects.create(code="P00000001", kind="company", last_name="ORIGINAL PUB")
    q = InterestedParty.objects.create(code="P00000002", kind="company", last_name="SUB PUB")
    common = {
        "assignor": p,
        "acquirer": q,
        "right_type": "PR",
        "share": Decimal("25.00"),
        "valid_from": date(2025, 1, 1),
    }
    Agreement.objects.create(territory="2136", **common)
    Agreement.objects.create(territory="0826", excluded=True, **common)
    [one] = feed.agreements("PR", date(2025, 6, 30))
    assert one.territories == (engine.TerritoryRecord(True, "2136"), engine.TerritoryRecord(False, "0826"))
    path = tmp_path / "CW250001052_035.V22"
    assert export(path, "2.2")[0].endswith(": 0 transactions written to " + str(path))  # no agreement number
    Agreement.objects.update(submitter_number="STAFF-1")
    assert export(tmp_path / "b" / path.name, "2.2")[0].endswith(
        ": 1 transactions written to " + str(tmp_path / "b" / path.name)
    )
