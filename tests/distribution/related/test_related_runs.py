"""Related-rights usage: a broadcast report identified to recordings, then a neighbouring-rights run, approved and
exported with statements for a performer and a producer."""

import csv
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from distribution.runs import services as runs
from distribution.runs import statements
from distribution.runs.models import PayoutLine, RunOrigin
from distribution.runs.related import run_related_distribution
from distribution.usage.importing import import_usage
from distribution.usage.models import RecordingMatch
from distribution.usage.recordings import (
    accept_recording,
    identify_recordings,
    mark_recording_unidentifiable,
    review_queue,
)
from rightowners.models import InterestedParty, Membership, Society
from works.models import Recording
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

pytestmark = pytest.mark.django_db

REPORT = (
    "title,artist,isrc,plays,duration\n"
    "Blue Morning (Radio Edit),Ada Okafor,GB-AYE-25-00001,3,200\n"  # ISRC exact, whatever the title says
    "Night Train,Kofi Band,,2,180\n"  # title + artist exact
    "Nigth Train,Kofy Band,,1,180\n"  # fuzzy, confident
    "Night Train,,,1,180\n"  # two recordings of that title, no artist: to review
    "Unknown Song,Nobody,,1,180\n"  # unidentified
)


def party(name: str, society: str | None, kind=InterestedParty.Kind.PERSON) -> InterestedParty:
    code = f"P{80000000 + InterestedParty.objects.count():08d}"
    p = InterestedParty.objects.create(code=code, last_name=name, kind=kind)
    if society:
        soc = Society.objects.get_or_create(code=society, defaults={"name": f"Society {society}"})[0]
        Membership.objects.create(party=p, society=soc, right_type="RR")
    return p


@pytest.fixture
def repertoire():
    own = settings.SOCIETY_CODE
    singer, drummer, band, label = (
        party("Okafor", own),
        party("Mensah", "052"),
        party("Kofi Band", own),
        party("Atlas Records", own, InterestedParty.Kind.COMPANY),
    )
    blue = Recording.objects.create(isrc="GBAYE2500001", title="Blue Morning", artist="Ada Okafor", duration=200)
    train = Recording.objects.create(title="Night Train", artist="Kofi Band")
    Recording.objects.create(title="Night Train", artist="Mira Lund")
    save_recording_rights(
        recording=blue,
        contributors=[ContributorData(singer.pk, "main"), ContributorData(drummer.pk, "non_featured", "drums")],
        producers=[ProducerShareData(label.pk, "100")],
    )
    save_recording_rights(
        recording=train,
        contributors=[ContributorData(band.pk, "main")],
        producers=[ProducerShareData(label.pk, "100", valid_to=date(2020, 12, 31))],  # expired: unclaimed
    )
    return {"singer": singer, "drummer": drummer, "band": band, "label": label, "blue": blue, "train": train}


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "radio.csv"
    path.write_text(REPORT, encoding="utf-8")
    result = import_usage(path=path, source="Radio One", period=(date(2025, 1, 1), date(2025, 3, 31)), right_type="PR")
    return result.report


def test_broadcast_report_is_identified_to_recordings_with_a_review_queue(repertoire, report):
    counts = identify_recordings(report=report)
    assert (counts.auto, counts.review, counts.unidentified) == (3, 1, 1)  # lines
    by_artist = {m.match.artist: m for m in RecordingMatch.objects.select_related("match")}
    assert by_artist["Ada Okafor"].method == "isrc"
    assert by_artist["Kofi Band"].recording == by_artist["Kofy Band"].recording == repertoire["train"]
    (queued,) = review_queue(report)
    assert repertoire["train"].pk in {c["recording"] for c in queued.candidates}
    accept_recording(recording_match_id=queued.pk, recording_id=repertoire["train"].pk)
    mark_recording_unidentifiable(recording_match_id=by_artist["Nobody"].pk)
    again = identify_recordings(report=report)  # decisions are remembered per usage key
    assert (again.auto, again.review, again.unidentified) == (4, 0, 1)
    assert RecordingMatch.objects.get(match__artist="Nobody").status == "rejected"


def test_neighbouring_rights_run_sums_to_net_and_is_approved_with_statements(repertoire, report, tmp_path):
    identify_recordings(report=report)
    run = run_related_distribution(
        name="NR 2025 Q1",
        report_ids=[report.pk],
        gross="1000.00",
        currency="EUR",
        admin="10",
        social="5",
        producers="50",
        featured_weight="2",
        non_featured_weight="1",
    )
    assert RunOrigin.objects.get(run=run).kind == "related" and run.right_type == "RR"
    lines = list(PayoutLine.objects.filter(run=run))
    assert sum(x.amount for x in lines) == run.net_amount == 85000
    assert run.summary["balanced"]
    # W = 3 + 2 + 1 + 1 (review: not identified yet) + 1 = 8 plays. Blue Morning: 3/8 of N.
    blue = {x.payee: x.amount for x in lines if x.recording_id == repertoire["blue"].pk}
    blue_total = sum(blue.values())
    assert abs(blue_total - 85000 * 3 / 8) < 1
    label, singer = repertoire["label"].payee_key, repertoire["singer"].payee_key
    assert abs(blue[label] - blue_total / 2) <= 1  # producers 50 %
    assert abs(blue[singer] - blue_total / 3) <= 1  # featured 2 : non-featured 1 of the performers' half
    assert abs(blue["052"] - blue_total / 6) <= 1  # the drummer is paid through his sister society
    train = {x.payee: x.amount for x in lines if x.recording_id == repertoire["train"].pk}
    assert abs(train["unclaimed"] - train[repertoire["band"].payee_key]) <= 1  # the label's share has expired
    assert all(x.work_id is None and x.work_key for x in lines if x.recording_id)

    runs.approve(run.pk)
    out = tmp_path / "statements"
    statements.export(run, "csv", out)
    for payee in (singer, label):
        with (out / f"statement_{payee}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert "Blue Morning" in {r[2] for r in rows}  # the recording's title where a work's would be
        paid = [r for r in rows if r[0] == "total_paid"][0]
        assert int(paid[-1]) == sum(x.amount for x in lines if x.payee == payee)
    assert Path(out / "payout_lines.csv").is_file()


def test_commands_identify_calculate_approve_and_export_a_neighbouring_rights_run(repertoire, report, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("identify_recordings", str(report.pk))
    assert capsys.readouterr().out.splitlines()[0] == f"report {report.pk}: 3 auto, 1 review, 1 unidentified"
    call_command(
        "run_related_distribution",
        "--name",
        "NR",
        "--reports",
        str(report.pk),
        "--gross",
        "100.00",
        "--admin",
        "15",
        "--social",
        "10",
        "--featured-weight",
        "65",
        "--non-featured-weight",
        "35",
    )
    first = capsys.readouterr().out.splitlines()[0]
    run_id = int(first.split()[1])
    assert first == f"run {run_id} calculated: G=10000 A=1500 S=1000 N=7500"
    with pytest.raises(CommandError, match="neighbouring-rights run"):  # not recalculated as a works run
        call_command("run_distribution", "--run", str(run_id))
    call_command("approve_distribution", str(run_id))
    call_command("export_statements", str(run_id), "--format", "xlsx", "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / f"statement_{repertoire['label'].payee_key}.xlsx").is_file()
    call_command("export_statements", str(run_id), "--format", "crd", "--out", str(tmp_path / "crd"))
    (crd,) = (tmp_path / "crd").iterdir()  # the drummer's sister society is paid with its CRD file
    assert crd.name.endswith("_052.V20") and "GBAYE2500001" in crd.read_text()
    with pytest.raises(CommandError, match="weights are both 0"):
        call_command(
            "run_related_distribution",
            "--name",
            "x",
            "--reports",
            str(report.pk),
            "--gross",
            "1",
            "--featured-weight",
            "0",
            "--non-featured-weight",
            "0",
        )
