"""import_cwr: registrations become works, titles, shares with territories, memberships, recordings and performers;
each transaction is atomic and acknowledged; the same file twice changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exchange.cwr.reader import CwrReader
from exchange.models import CwrFile
from rightowners.models import InterestedParty, Membership, Society
from tests.exchange.cwr_helpers import GOLDEN, cwr_text, put, replace_line, work_21
from works.models import AlternateTitle, Recording, RecordingContributor, ShareTerritory, Work, WorkShare

pytestmark = pytest.mark.django_db
V21 = GOLDEN / "CW250001SUN_052.V21"


def run(*args) -> list[str]:
    out = StringIO()
    call_command("import_cwr", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def test_registrations_become_works_with_shares_territories_titles_and_recordings(tmp_path, settings):
    settings.SOCIETY_CODE = "052"
    lines = run(V21, "--ack-out", tmp_path / "acks")
    cwr_id = CwrFile.objects.get(filename=V21.name).pk
    assert lines[0] == f"cwr {cwr_id}: 2 transactions, 2 accepted, 0 rejected"
    train = Work.objects.get(title="MIDNIGHT TRAIN")
    assert (train.iswc, train.language, train.duration, train.version_type) == ("T0345246801", "EN", 210, "ORI")
    assert list(AlternateTitle.objects.filter(work=train).values_list("title", flat=True)) == ["TRAIN AT MIDNIGHT"]
    shares = {s.party.last_name: s for s in WorkShare.objects.filter(work=train).select_related("party")}
    publisher, writer = shares["SUNRISE PUBLISHING"], shares["NOVAK"]
    assert (publisher.role, publisher.chain, publisher.pr_share, publisher.mr_share) == (
        "E",
        1,
        Decimal("50.00"),
        Decimal("100.00"),
    )
    assert (writer.role, writer.publisher, writer.pr_share, writer.party.ipi_name) == (
        "CA",
        publisher,
        Decimal("50.00"),
        "00000000199",
    )
    [territory] = ShareTerritory.objects.filter(share=publisher)
    assert (territory.territory, territory.included, territory.mr_collection) == ("2136", True, Decimal("100.00"))
    recording = Recording.objects.get(isrc="GBABC2400001")
    assert (recording.work, recording.duration) == (train, 212)
    assert RecordingContributor.objects.get(recording=recording).party.last_name == "THE NIGHT OWLS"


def test_society_codes_become_memberships(settings):
    settings.SOCIETY_CODE = "052"
    run(V21)
    novak = InterestedParty.objects.get(last_name="NOVAK")
    assert set(novak.memberships.values_list("society__code", "right_type", "territory", "source")) == {
        ("052", "PR", "2136", "cwr"),
        ("044", "MR", "2136", "cwr"),
        ("044", "SR", "2136", "cwr"),
    }
    dupont = InterestedParty.objects.get(last_name="DUPONT")  # OWR: PR society only
    assert list(dupont.memberships.values_list("society__code", "right_type")) == [("058", "PR")]


def test_staff_memberships_win_and_later_imports_replace_cwr_ones(settings):
    novak = InterestedParty.objects.create(
        code="P90000001", last_name="NOVAK", first_name="ANA", ipi_name="00000000199"
    )
    staff_society = Society.objects.create(code="010", name="ASCAP")
    Membership.objects.create(party=novak, society=staff_society, right_type="PR", source="staff")
    run(V21)
    assert set(novak.memberships.values_list("society__code", "right_type", "source")) == {
        ("010", "PR", "staff"),
        ("044", "MR", "cwr"),
        ("044", "SR", "cwr"),
    }
    text = cwr_text("2.1", [work_21("ANOTHER")])
    later = replace_line(text, 6, put(text.split("\r\n")[5], 135, "035"))  # SWR MR society now GEMA
    run(_tmp_file(later, "CW250002SUN_052.V21"))
    assert set(novak.memberships.values_list("society__code", "right_type", "source")) == {
        ("010", "PR", "staff"),
        ("035", "MR", "cwr"),
        ("044", "SR", "cwr"),
    }


def _tmp_file(text: str, name: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(text.encode("ascii"))
    return path


def test_same_file_twice_changes_nothing(tmp_path):
    run(V21)
    counts = (
        Work.objects.count(),
        WorkShare.objects.count(),
        InterestedParty.objects.count(),
        Membership.objects.count(),
        Recording.objects.count(),
    )
    lines = run(V21, "--ack-out", tmp_path)
    assert lines[0] == f"cwr {CwrFile.objects.get().pk}: already imported"
    assert counts == (
        Work.objects.count(),
        WorkShare.objects.count(),
        InterestedParty.objects.count(),
        Membership.objects.count(),
        Recording.objects.count(),
    )
    assert len(list(tmp_path.iterdir())) == 1


def test_revision_updates_the_same_work_and_replaces_its_shares():
    first = cwr_text("2.1", [work_21("FIRST TITLE")])
    run(_tmp_file(first, "CW250001SUN_052.V21"))
    revised = cwr_text(
        "2.1", [work_21("REVISED TITLE", pr=(2500, 7500), submitter_work_number="FIRSTTITLE")], group_type="REV"
    )
    revised = revised.replace("\r\nNWR", "\r\nREV")
    run(_tmp_file(revised, "CW250002SUN_052.V21"))
    work = Work.objects.get()
    assert work.title == "REVISED TITLE"
    assert sorted(WorkShare.objects.filter(work=work).values_list("pr_share", flat=True)) == [
        Decimal("25.00"),
        Decimal("75.00"),
    ]
    assert InterestedParty.objects.count() == 2


def test_broken_line_rejects_only_its_transaction_and_the_ack_names_line_and_field(tmp_path, settings):
    settings.SOCIETY_CODE = "052"
    text = cwr_text("2.1", [work_21("ONE"), work_21("TWO"), work_21("THREE")])
    lines = text.split("\r\n")
    lines[11] = put(lines[11], 130, "ABCDE")  # line 12, the SWR of TWO: its PR Ownership Share is not a number
    path = _tmp_file("\r\n".join(lines), "CW250009SUN_052.V21")
    out = run(path, "--ack-out", tmp_path)
    assert out[0].endswith(": 3 transactions, 2 accepted, 1 rejected")
    assert sorted(Work.objects.values_list("title", flat=True)) == ["ONE", "THREE"]
    [ack_path] = tmp_path.iterdir()
    assert ack_path.name == f"CW{date.today():%y}0001052_SUN.V21"
    acks = list(CwrReader(ack_path).transactions())
    assert [tx.header.values["transaction_status"] for tx in acks] == ["RA", "RJ", "RA"]
    msg = acks[1].records[1].values
    assert (msg["message_type"], msg["original_record_type"], msg["original_record_sequence_number"]) == ("T", "SWR", 3)
    assert msg["message_text"] == "LINE 12 SWR FIELD 'PR OWNERSHIP SHARE': 'ABCDE' IS NOT NUMERIC"
    assert acks[0].header.values["recipient_creation_number"] == Work.objects.get(title="ONE").code


def test_file_level_error_imports_nothing_and_fails_the_command():
    text = cwr_text("2.1", [work_21()])
    broken = text.replace("\r\nTRL", "\r\nXXX")
    with pytest.raises(CommandError, match="file ends without TRL"):
        run(_tmp_file(broken, "CW250003SUN_052.V21"))
    assert Work.objects.count() == 0
    assert CwrFile.objects.get().status == "failed"


@pytest.mark.parametrize("name", ["CW250003SUN_052_V3-0-0.SUB", "CW250004SUN_052_V3-1-0.SUB"])
def test_3x_societies_and_collection_come_from_territory_records(name):
    run(GOLDEN / name)
    novak = InterestedParty.objects.get(last_name="NOVAK")
    assert list(novak.memberships.values_list("society__code", "right_type")) == [("052", "PR")]
    share = WorkShare.objects.get(party=novak)
    assert share.pr_share == Decimal("25.00")  # the World collection share stands for ownership in 3.x
    assert ShareTerritory.objects.get(share=share).pr_collection == Decimal("25.00")


def test_real_dmp_files_import_every_registration(shared_data):
    for path in sorted((shared_data / "cwr-dmp").glob("*.V2?")) + sorted((shared_data / "cwr-dmp").glob("*.SUB")):
        assert run(path)[0].endswith(": 40 transactions, 40 accepted, 0 rejected"), path.name
    assert Work.objects.count() == 240  # 40 different works per file
    assert InterestedParty.objects.filter(last_name="HOLDOUT MUSIC PUBLISHING LTD").count() == 1


def _agreement(number="AG-1", acquirer_pr=5000):
    return [
        (
            "AGR",
            {
                "submitter_agreement_number": number,
                "agreement_type": "PG",
                "agreement_start_date": date(2024, 1, 1),
                "prior_royalty_status": "N",
                "post_term_collection_status": "N",
                "number_of_works": 1,
            },
        ),
        ("TER", {"inclusion_exclusion_indicator": "I", "tis_numeric_code": "0826"}),
        (
            "IPA",
            {
                "agreement_role_code": "AS",
                "interested_party_number": "P1",
                "interested_party_last_name": "SUN PUB",
                "pr_share": 10000 - acquirer_pr,
                "mr_share": 0,
            },
        ),
        (
            "IPA",
            {
                "agreement_role_code": "AC",
                "interested_party_number": "P2",
                "interested_party_last_name": "UK PUB",
                "pr_share": acquirer_pr,
                "mr_share": 10000,
            },
        ),
    ]


def test_agreements_become_agreement_rows_and_a_later_file_replaces_them():
    from rightowners.models import Agreement

    run(_tmp_file(cwr_text("2.1", [_agreement()], group_type="AGR"), "CW250011SUN_052.V21"))
    rows = set(
        Agreement.objects.values_list(
            "assignor__last_name", "acquirer__last_name", "right_type", "territory", "share", "valid_from", "source"
        )
    )
    assert rows == {
        ("SUN PUB", "UK PUB", "PR", "0826", Decimal("50.00"), date(2024, 1, 1), "cwr"),
        ("SUN PUB", "UK PUB", "MR", "0826", Decimal("100.00"), date(2024, 1, 1), "cwr"),
    }
    run(_tmp_file(cwr_text("2.1", [_agreement(acquirer_pr=7500)], group_type="AGR"), "CW250012SUN_052.V21"))
    assert sorted(Agreement.objects.values_list("right_type", "share")) == [
        ("MR", Decimal("100.00")),
        ("PR", Decimal("75.00")),
    ]


def test_agreement_shares_must_add_up():
    out = run(_tmp_file(cwr_text("2.1", [_agreement(acquirer_pr=5000)[:3]], group_type="AGR"), "CW250013SUN_052.V21"))
    assert out[0].endswith(": 1 transactions, 0 accepted, 1 rejected")


def test_a_party_first_sent_without_ipi_gets_it_from_a_later_file():
    text = cwr_text("2.1", [work_21("NO IPI YET")])
    without = replace_line(text, 6, put(text.split("\r\n")[5], 116, " " * 11))
    run(_tmp_file(without, "CW250021SUN_052.V21"))
    assert InterestedParty.objects.get(last_name="NOVAK").ipi_name is None
    run(_tmp_file(cwr_text("2.1", [work_21("NO IPI YET")]), "CW250022SUN_052.V21"))
    assert list(InterestedParty.objects.filter(last_name="NOVAK").values_list("ipi_name", flat=True)) == ["00000000199"]


def test_wrong_group_trailer_rejects_the_group_but_the_file_is_read():
    text = cwr_text("2.1", [work_21("ONE"), work_21("TWO")])
    lines = text.split("\r\n")
    grt = next(i for i, line in enumerate(lines) if line.startswith("GRT"))
    lines[grt] = put(lines[grt], 9, "00000003")
    out = run(_tmp_file("\r\n".join(lines), "CW250031SUN_052.V21"))
    assert out[0].endswith(": 2 transactions, 0 accepted, 2 rejected")
    assert "GRT field 'Transaction Count' is 3, the group has 2" in out[1]
    assert Work.objects.count() == 0


def test_an_interrupted_import_resumes_on_the_same_file_row():
    from exchange.cwr_import import file_checksum

    CwrFile.objects.create(direction="in", filename=V21.name, version="2.1", checksum=file_checksum(V21))
    run(V21)
    assert CwrFile.objects.get().status == "processed"
