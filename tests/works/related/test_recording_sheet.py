"""Recordings spreadsheet: import with row-located errors, export in the same layout, round trip."""

import pytest
from django.core.management import call_command

from rightowners.models import InterestedParty
from tests.factories import WorkFactory
from works.models import ProducerShare, Recording, RecordingContributor, RelatedRightsProfile
from works.recording_sheet import export_recordings, import_recordings

pytestmark = pytest.mark.django_db

HEADER = "isrc,title,duration,artist,label,works,role,ipn,last_name,first_name,instrument,share,territory,valid_from\n"


@pytest.fixture
def sheet(tmp_path):
    work = WorkFactory(iswc="T0345246801")
    rows = (
        f"GB-AYE-65-00001,Good Take,3:05,Ada Okafor,Atlas Records,{work.iswc},main,10000001,Okafor,Ada,vocals,,,\n"
        "GB-AYE-65-00001,Good Take,3:05,Ada Okafor,Atlas Records,,non_featured,10000002,Mensah,Kofi,drums,,,\n"
        "GB-AYE-65-00001,Good Take,3:05,Ada Okafor,Atlas Records,,producer,,Atlas Records,,,100,2136,2020-01-01\n"
        "XX-BAD,Bad Isrc,,Someone,,,main,,Someone,,,,,\n"
        "GB-AYE-65-00003,Bad Role,,Someone,,,drummer,,Someone,,,,,\n"
        f"GB-AYE-65-00004,Bad Work,,Someone,,W99999999,main,,Someone,,,,,\n"
        "GB-AYE-65-00005,Bad Date,,Someone,,,producer,,Label,,,100,2136,2020-13-01\n"
    )
    path = tmp_path / "recordings.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path, work


def test_valid_recordings_import_and_bad_rows_are_located(sheet):
    path, work = sheet
    result = import_recordings(path)
    assert (result.rows, result.created) == (7, 1)
    recording = Recording.objects.get(isrc="GBAYE6500001")
    assert (recording.duration, recording.work) == (185, work)
    assert [(c.party.last_name, c.role, c.instrument) for c in recording.contributors.all()] == [
        ("Okafor", "main", "vocals"),
        ("Mensah", "non_featured", "drums"),
    ]
    producer = recording.producer_shares.get()
    assert (producer.party.kind, str(producer.valid_from)) == (InterestedParty.Kind.COMPANY, "2020-01-01")
    assert RelatedRightsProfile.objects.get(ipn="10000002").party.last_name == "Mensah"
    located = {(row, field) for row, field, _ in result.errors}
    assert located == {(4, "isrc"), (5, "contributors[0].role"), (6, "works"), (7, "valid_from")}
    assert not Recording.objects.filter(title__startswith="Bad").exists()  # rejected groups leave nothing


def test_export_then_import_gives_the_same_recordings_unchanged(sheet, tmp_path):
    path, _ = sheet
    import_recordings(path)
    out = tmp_path / "out.xlsx"
    assert export_recordings(out) == 3
    counts = (RecordingContributor.objects.count(), ProducerShare.objects.count(), InterestedParty.objects.count())
    again = import_recordings(out)
    assert (again.unchanged, again.created, again.updated, again.errors) == (1, 0, 0, [])
    after = (RecordingContributor.objects.count(), ProducerShare.objects.count(), InterestedParty.objects.count())
    assert after == counts


def test_commands_print_a_summary_first_and_write_the_error_file(sheet, tmp_path, capsys):
    path, _ = sheet
    call_command("import_recordings", str(path))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "recordings: 7 rows, 1 created, 0 updated, 0 unchanged, 4 errors"
    assert path.with_name(path.name + ".errors.csv").is_file()
    call_command("export_recordings", "--format", "csv", "--out", str(tmp_path / "x" / "r.csv"))
    assert capsys.readouterr().out.startswith("recordings exported: 3 rows")
