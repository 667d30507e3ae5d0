"""Related-rights data shared by the screen tests and the browser test: recordings with performers and producers,
and a broadcast report to identify to them."""

from datetime import date

from django.conf import settings

from distribution.usage.importing import import_usage
from rightowners.models import InterestedParty, Membership, Society
from tests.factories import WorkFactory
from works.models import Recording
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

# Blue Morning by its ISRC, Night Train by title and artist, "Night Train" without artist to review (two
# recordings of that title), Unknown Song unidentified.
BROADCAST_CSV = (
    "title,artist,isrc,plays,duration\n"
    "Blue Morning (Radio Edit),Ada Okafor,GB-AYE-25-00001,3,200\n"
    "Night Train,Kofi Band,,2,180\n"
    "Night Train,,,1,180\n"
    "Unknown Song,Nobody,,1,180\n"
)


def party(code: str, name: str, society: str | None, kind=InterestedParty.Kind.PERSON, first: str = ""):
    p = InterestedParty.objects.create(code=code, last_name=name, first_name=first, kind=kind)
    if society:
        soc = Society.objects.get_or_create(code=society, defaults={"name": f"Society {society}"})[0]
        Membership.objects.create(party=p, society=soc, right_type="RR")
    return p


def build_related() -> dict:
    own = settings.SOCIETY_CODE
    singer = party("P90000001", "Okafor", own, first="Ada")
    drummer = party("P90000002", "Mensah", "052", first="Kwame")
    band = party("P90000003", "Kofi Band", own, InterestedParty.Kind.COMPANY)
    label = party("P90000004", "Atlas Records", own, InterestedParty.Kind.COMPANY)
    work = WorkFactory(title="Blue Morning")
    blue = Recording.objects.create(isrc="GBAYE2500001", title="Blue Morning", artist="Ada Okafor", duration=200)
    train = Recording.objects.create(isrc="GBAYE2500002", title="Night Train", artist="Kofi Band")
    other = Recording.objects.create(isrc="SEAAA2500003", title="Night Train", artist="Mira Lund")
    performers = [ContributorData(singer.pk, "main", "vocals"), ContributorData(drummer.pk, "non_featured", "drums")]
    save_recording_rights(
        recording=blue, works=[work], contributors=performers, producers=[ProducerShareData(label.pk, "100")]
    )
    save_recording_rights(
        recording=train,
        contributors=[ContributorData(band.pk, "main")],
        producers=[ProducerShareData(label.pk, "100")],
    )
    return {
        "singer": singer,
        "drummer": drummer,
        "band": band,
        "label": label,
        "work": work,
        "blue": blue,
        "train": train,
        "other": other,
    }


def broadcast_report(folder):
    path = folder / "radio_nr.csv"
    path.write_text(BROADCAST_CSV, encoding="utf-8")
    result = import_usage(
        path=path, source="Radio Related", period=(date(2026, 1, 1), date(2026, 3, 31)), right_type="PR"
    )
    return result.report
