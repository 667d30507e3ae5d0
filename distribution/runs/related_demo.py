"""The related-rights demo: performers and producers on demo recordings, a broadcast report identified to
recordings, and an approved neighbouring-rights run with its statements (one per performer and producer).

Deterministic and idempotent: parties, memberships and identifiers are found again by their names and numbers,
the report file is the same for the same recordings (never imported twice), and the run is made once.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from distribution.runs import services as runs
from distribution.runs import statements
from distribution.runs.models import DistributionRun, PayoutLine
from distribution.runs.related import run_related_distribution
from distribution.usage.identification import identify_report
from distribution.usage.importing import import_usage
from distribution.usage.models import UsageReport
from distribution.usage.recordings import identify_recordings
from rightowners.models import InterestedParty, Membership, Society
from rightowners.services import save_membership, save_party
from wipoconnect.core.codes import RELATED_RIGHT
from wipoconnect.core.tabular import write_rows
from works.models import Recording, RelatedRightsProfile
from works.related_services import ContributorData, ProducerShareData, save_recording_rights, save_related_profile

RUN_NAME = "Demo neighbouring rights 2026 Q1"
SOURCE = "Demo TV Broadcast"
PERIOD = (date(2026, 1, 1), date(2026, 3, 31))
SISTER = "201"  # ABRAMUS, which also represents performers: paid as a sister related-rights society
RECORDINGS = 12
SESSION = [
    ("Lúcia", "Ferreira", "drums"),
    ("Tomás", "Lindqvist", "bass"),
    ("Amara", "Diallo", "backing vocals"),
    ("Jonas", "Berg", "guitar"),
]
LABELS = [("Demo Records", "12345"), ("Harbour Lights Records", "23456")]
UNKNOWN = [("Static Dreams", "The Nobodies"), ("Jingle 7", "")]


def _party(first: str, last: str, kind: str = "person") -> InterestedParty:
    found = InterestedParty.objects.filter(first_name=first, last_name=last, merged_into=None).order_by("id").first()
    return found or save_party(fields={"kind": kind, "first_name": first, "last_name": last})


def _member(party: InterestedParty, society: Society | None) -> None:
    if society and not Membership.objects.filter(party=party, right_type=RELATED_RIGHT).exists():
        save_membership(party=party, society=society, right_type=RELATED_RIGHT)


def _profile(party: InterestedParty, **fields) -> None:
    if not RelatedRightsProfile.objects.filter(party=party).exists():
        save_related_profile(party=party, **fields)


def _rights(recordings: list[Recording], own: Society, sister: Society | None) -> None:
    """Main artists (named as on the recordings), session musicians, and the labels' shares over time."""
    session = [_party(first, last) for first, last, _ in SESSION]
    labels = [_party("", name, "company") for name, _ in LABELS]
    for index, party in enumerate(session):
        _member(party, sister if index == 1 else (None if index == 3 else own))  # one abroad, one unaffiliated
        _profile(party, ipn=f"{700000 + index}")
    for party, (_, label_code) in zip(labels, LABELS, strict=True):
        _member(party, own)
        _profile(party, label_code=label_code)
    for index, recording in enumerate(recordings):
        first, _, last = recording.artist.partition(" ")
        main = _party(first, last)
        _member(main, own)
        _profile(main, ipn=f"{800000 + index}")
        performers = [ContributorData(main.pk, "main", "vocals")]
        if index % 4 == 1:
            guest = recordings[(index + 1) % len(recordings)].artist.partition(" ")
            performers.append(ContributorData(_party(guest[0], guest[2]).pk, "featured", "vocals"))
        performers += [
            ContributorData(p.pk, "non_featured", SESSION[i][2]) for i, p in enumerate(session) if (index + i) % 3 == 0
        ]
        if index % 6 == 5:  # the catalogue was sold at the turn of the year
            producers = [
                ProducerShareData(labels[0].pk, "100", valid_to=date(2025, 12, 31)),
                ProducerShareData(labels[1].pk, "100", valid_from=date(2026, 1, 1)),
            ]
        elif index % 6 == 3:  # half of the master is undocumented: unclaimed
            producers = [ProducerShareData(labels[0].pk, "50")]
        else:
            producers = [ProducerShareData(labels[0].pk, "100")]
        links = [recording.work] if recording.work else []
        performers = list({c.party_id: c for c in performers}.values())  # a guest may also be a session player
        save_recording_rights(recording=recording, works=links, contributors=performers, producers=producers)


def _report(recordings: list[Recording]) -> UsageReport:
    """A broadcaster's quarter: ISRCs (some with dashes), title and artist only, a typo, unknown tracks."""
    rng = random.Random(2026)
    rows = []
    for index, r in enumerate(recordings):
        plays = str(rng.randint(2, 30))
        if index % 4 == 0:
            rows.append([r.title, r.artist, f"{r.isrc[:2]}-{r.isrc[2:5]}-{r.isrc[5:7]}-{r.isrc[7:]}", "", plays])
        elif index % 4 == 1:
            rows.append([r.title.upper(), r.artist, "", str(r.duration or ""), plays])
        elif index % 4 == 2 and len(r.title) > 5:
            rows.append([r.title[:-2] + r.title[-1] + r.title[-2], r.artist, "", "", plays])
        else:
            rows.append([r.title, r.artist, r.isrc or "", "", plays])
    rows += [[title, artist, "", "30", "4"] for title, artist in UNKNOWN]
    folder = Path(settings.MEDIA_ROOT) / "usage" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo_tv_broadcast_2026q1.csv"
    write_rows(path, ["title", "artist", "isrc", "duration", "plays"], rows)
    result = import_usage(
        path=path, source=SOURCE, period=PERIOD, right_type="PR", territory=settings.SOCIETY_TERRITORY
    )
    if result.report.status == UsageReport.Status.IMPORTED:
        identify_report(report=result.report)  # the same report also pays the authors of the works
    return result.report


def load() -> str:
    recordings = list(Recording.objects.exclude(isrc=None).exclude(artist="").order_by("isrc")[:RECORDINGS])
    if not recordings:
        return "related rights demo: no recordings to document"
    done = DistributionRun.objects.filter(name=RUN_NAME, origin__kind="related").first()
    if done:
        return f"related rights demo already loaded (run {done.pk})"
    own = Society.objects.get(code=settings.SOCIETY_CODE)
    with transaction.atomic():
        _rights(recordings, own, Society.objects.filter(code=SISTER).first())
    report = _report(recordings)
    counts = identify_recordings(report=report)
    run = run_related_distribution(
        name=RUN_NAME,
        report_ids=[report.pk],
        gross="5000.00",
        currency=settings.CURRENCY,
        admin="12",
        social="5",
        producers="50",
        featured_weight="65",
        non_featured_weight="35",
        threshold="5.00",
    )
    runs.approve(run.pk)
    folder = Path(settings.MEDIA_ROOT) / "statements" / f"run_{run.pk}"
    statements.export(run, "csv", folder)
    total = sum(
        PayoutLine.objects.filter(run=run).exclude(payee_kind="brought_forward").values_list("amount", flat=True)
    )
    return (
        f"related rights demo: {len(recordings)} recordings with performers and producers; "
        f"{counts.summary(report.pk)} (to recordings); run {run.pk} approved: N={run.net_amount}, "
        f"lines sum {total}; statements in {folder}"
    )
