"""Works in the database as CWR WorkData (exchange/cwr/works.py), loaded in batches with a fixed number of queries.

Used by the export (our works -> CWR) and by the import to see whether an incoming registration would change
anything. Identities: the submitter work # is our work code and a party's IP # our party code (or its id, for
comparisons), so an exported file read back finds the same works and parties.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Q

from exchange.cwr.works import PartyData, RecordingData, ShareData, TerritoryData, WorkData
from rightowners.models import InterestedParty, Membership, Source
from wipoconnect.core.codes import PUBLISHER_ROLES, RIGHTS
from works.models import AlternateTitle, Recording, RecordingContributor, ShareTerritory, Work, WorkShare

PERFORMER_ROLES = (RecordingContributor.Role.MAIN, RecordingContributor.Role.FEATURED)


def hundredths(value: Decimal) -> int:
    return int(value * 100)


def load_work_data(work_ids: Iterable[int], *, identity: str = "code") -> dict[int, WorkData]:
    """WorkData per work id. `identity` 'code' names works and parties by code (export), 'id' by primary key."""
    works = {w.pk: w for w in Work.objects.filter(pk__in=list(work_ids))}
    if not works:
        return {}
    shares = _shares(works)
    parties = {p.pk: p for p in InterestedParty.objects.filter(pk__in={s.party_id for s in _flat(shares)})}
    societies = preferred_societies(parties)
    titles = _grouped(AlternateTitle.objects.filter(work_id__in=works).order_by("id"), "work_id")
    recordings = _grouped(Recording.objects.filter(work_id__in=works).order_by("id"), "work_id")
    performers = _performers(recordings)
    return {
        pk: WorkData(
            submitter_work_number=work.code if identity == "code" else "",
            title=work.title,
            iswc=work.iswc,
            language=work.language or None,
            duration=work.duration,
            version_type=work.version_type,
            alternate_titles=tuple(
                (t.title, t.title_type, t.language or None) for t in titles.get(pk, ()) if not t.non_roman
            ),
            non_roman_titles=tuple(
                (t.title, t.title_type, t.language or None) for t in titles.get(pk, ()) if t.non_roman
            ),
            shares=tuple(_share_data(s, parties, societies, identity) for s in shares.get(pk, ())),
            performers=tuple(party_data(p, "person", identity) for p in performers.get(pk, ())),
            recordings=tuple(_recording_data(r) for r in recordings.get(pk, ())),
        )
        for pk, work in works.items()
    }


def _flat(grouped: dict[int, list]) -> Iterable:
    return (item for items in grouped.values() for item in items)


def _grouped(rows: Iterable, key: str) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _shares(works: dict[int, Work]) -> dict[int, list[WorkShare]]:
    rows = list(WorkShare.objects.filter(work_id__in=works).order_by("work_id", "id"))
    chains = {s.pk: s.chain for s in rows}
    territories = _grouped(
        ShareTerritory.objects.filter(share__work_id__in=works).order_by("sequence", "id"), "share_id"
    )
    for share in rows:
        share.cwr_territories = territories.get(share.pk, [])
        share.cwr_publisher_chain = chains.get(share.publisher_id)
    return _grouped(rows, "work_id")


def preferred_societies(parties: dict[int, InterestedParty]) -> dict[tuple[int, str], str]:
    """(party id, right) -> society code: staff memberships first, then World, then the lowest code."""
    today = date.today()
    rows = (
        Membership.objects.filter(party_id__in=parties, right_type__in=RIGHTS, excluded=False)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("party_id", "right_type", "society__code", "source", "territory")
    )
    ranked = sorted(rows, key=lambda r: (r[0], r[1], r[3] != Source.STAFF, r[4] != "2136", r[2]))
    chosen: dict[tuple[int, str], str] = {}
    for party_id, right, code, _source, _territory in ranked:
        chosen.setdefault((party_id, right), code)
    return chosen


def _share_data(share: WorkShare, parties: dict, societies: dict, identity: str) -> ShareData:
    # Publishers carry their chain number; writers (PA included) carry none and point at their publisher.
    publisher = share.role in PUBLISHER_ROLES or (share.role == "PA" and share.chain is not None)
    party = parties[share.party_id]
    return ShareData(
        party=party_data(party, "company" if publisher else "person", identity),
        role=share.role,
        controlled=share.controlled,
        chain=share.chain if publisher else share.cwr_publisher_chain,
        pr=hundredths(share.pr_share),
        mr=hundredths(share.mr_share),
        sr=hundredths(share.sr_share),
        societies=tuple(societies.get((party.pk, right)) for right in RIGHTS),
        territories=tuple(
            TerritoryData(
                t.included,
                t.territory,
                hundredths(t.pr_collection),
                hundredths(t.mr_collection),
                hundredths(t.sr_collection),
            )
            for t in share.cwr_territories
        ),
    )


def party_data(party: InterestedParty, kind: str, identity: str) -> PartyData:
    company = kind == "company"
    return PartyData(
        ip_number=party.code if identity == "code" else str(party.pk),
        last_name=party.name if company else party.last_name,
        first_name=None if company else (party.first_name or None),
        ipi_name=party.ipi_name,
        ipi_base=party.ipi_base or None,
        kind=kind,
        native_last_name=party.native_last_name or None,
        native_first_name=None if company else (party.native_first_name or None),
        native_language=party.native_language or None,
    )


def _performers(recordings: dict[int, list[Recording]]) -> dict[int, list[InterestedParty]]:
    work_of = {r.pk: work_id for work_id, rows in recordings.items() for r in rows}
    rows = (
        RecordingContributor.objects.filter(recording_id__in=work_of, role__in=PERFORMER_ROLES)
        .select_related("party")
        .order_by("recording_id", "sequence", "id")
    )
    performers: dict[int, dict[int, InterestedParty]] = defaultdict(dict)
    for row in rows:
        performers[work_of[row.recording_id]].setdefault(row.party_id, row.party)
    return {work_id: list(by_party.values()) for work_id, by_party in performers.items()}


def _recording_data(r: Recording) -> RecordingData:
    return RecordingData(r.isrc, r.title or None, r.duration, r.artist or None, r.label or None, r.release_date)
