"""Writing a batch of CWR registrations (WorkData) to works, titles, shares, territories, memberships, recordings
and performers with set-based queries: a batch costs a fixed number of queries, whatever its size.

A registration replaces the work's titles, shares and CWR-derived performers (REV is a complete resend). One
whose content would not change the work is left alone, so importing our own export changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from django.utils import timezone

from exchange.cwr.registration import work_records
from exchange.cwr.works import PartyData, ShareData, WorkData
from exchange.cwr_parties import MEMBERSHIP_COLUMNS, membership_rows, name_number, party_key, resolve_parties
from exchange.cwr_store import load_work_data
from exchange.models import CwrLink
from rightowners.models import Membership, Source
from wipoconnect.core.bulk import append_rows, insert_rows
from wipoconnect.core.changes import current_txid, record_changes
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.identifiers import IdentifierError, normalize_isrc
from wipoconnect.core.numbering import allocate_codes
from works.models import AlternateTitle, Recording, RecordingContributor, ShareTerritory, Work, WorkShare

ORIGINAL_PUBLISHER_ROLES = ("E", "PA", "AQ")


@dataclass(slots=True)
class Outcome:
    work: Work | None = None
    created: bool = False
    unchanged: bool = False
    error: str | None = None  # why the registration could not be applied (conflict); it is then rejected


@dataclass(slots=True)
class Batch:
    partner: str  # sender code of the file
    is_self: bool  # the file is our own export
    version: str


def save_registrations(items: list[WorkData], batch: Batch) -> list[Outcome]:
    """Apply registrations (distinct submitter numbers and ISWCs); call inside a database transaction.

    Everything that reads (or deletes) comes first; then the new rows go in table after table, with no query in
    between, so that inside copies_in_background() the database stores one table while the next one's rows are
    being built."""
    outcomes = [Outcome() for _ in items]
    existing = _match_works(items, batch, outcomes)
    current = load_work_data([w.pk for w in existing.values()], identity="id")
    parties, created_parties = resolve_parties(
        _all_parties(items), partner=batch.partner, is_self=batch.is_self, known=_known_parties(current.values())
    )
    changed = _changed(items, existing, current, parties, batch.version, outcomes)
    txid = current_txid()
    _clear_revised([existing[i].pk for i in changed if i in existing])
    memberships = membership_rows(_affiliations(changed, parties))
    held_recordings = _held_recordings(changed, existing)
    works = _write_works(changed, existing, batch)
    for i, work in works.items():
        outcomes[i].work = work
    _write_content(changed, works, parties, memberships, held_recordings)
    record_changes("party", created_parties, txid=txid)
    record_changes("work", works.values(), txid=txid)
    record_changes("shares", works.values(), txid=txid)
    return outcomes


def _all_parties(items: list[WorkData]) -> list[PartyData]:
    return [s.party for w in items for s in w.shares] + [p for w in items for p in w.performers]


def _match_works(items: list[WorkData], batch: Batch, outcomes: list[Outcome]) -> dict[int, Work]:
    """Item index -> existing work: by the sender's work number, our code (own files), then ISWC."""
    numbers = {w.submitter_work_number for w in items}
    links = dict(
        CwrLink.objects.filter(partner=batch.partner, kind=CwrLink.Kind.WORK, number__in=numbers).values_list(
            "number", "local_id"
        )
    )
    by_id = Work.objects.in_bulk(list(links.values()))
    by_code = Work.objects.in_bulk(list(numbers), field_name="code") if batch.is_self else {}
    by_iswc = Work.objects.in_bulk([w.iswc for w in items if w.iswc], field_name="iswc")
    matched: dict[int, Work] = {}
    for i, w in enumerate(items):
        work = by_id.get(links.get(w.submitter_work_number)) or by_code.get(w.submitter_work_number)
        holder = by_iswc.get(w.iswc) if w.iswc else None
        if work is not None and holder is not None and holder.pk != work.pk:
            outcomes[i].error = f"ISWC {w.iswc} already belongs to work {holder.code} ({holder.title})"
        elif work or holder:
            matched[i] = work or holder
    return matched


def _known_parties(held: Iterable[WorkData]) -> dict[str, int]:
    parties = [s.party for w in held for s in w.shares] + [p for w in held for p in w.performers]
    return {name_number(p): int(p.ip_number) for p in parties}


def _changed(items, existing, current, parties, version, outcomes) -> dict[int, WorkData]:
    """Items to write: new works and existing ones whose registration differs from what we hold."""
    changed = {}
    for i, w in enumerate(items):
        if outcomes[i].error:
            continue
        work = existing.get(i)
        if work is not None and _same(current.get(work.pk), w, parties, version):
            outcomes[i].work, outcomes[i].unchanged = work, True
        else:
            changed[i] = w
    return changed


def _same(held: WorkData | None, incoming: WorkData, parties: dict, version: str) -> bool:
    """Equal when both would be written identically in this version (identities as party ids)."""
    if held is None:
        return False
    held_parties = {s.party.ip_number: s.party for s in held.shares}
    incoming = replace(
        incoming,
        submitter_work_number="",
        iswc=incoming.iswc or held.iswc,
        shares=tuple(replace(s, party=_as_id(s.party, parties, held_parties)) for s in incoming.shares),
        performers=tuple(_as_id(p, parties) for p in incoming.performers),
    )
    return work_records(held, version) == work_records(incoming, version)


def _as_id(p: PartyData, parties: dict, held: dict[str, PartyData] | None = None) -> PartyData:
    """The party named by its id; without a name in original script it keeps the one the party has (a party's
    NPN/NWN name, once known, stays until a registration gives another)."""
    ip_number = str(parties[party_key(p)])
    if p.native_last_name or held is None or (known := held.get(ip_number)) is None or not known.native_last_name:
        return replace(p, ip_number=ip_number)
    return replace(
        p,
        ip_number=ip_number,
        native_last_name=known.native_last_name,
        native_first_name=known.native_first_name,
        native_language=known.native_language,
    )


@dataclass(slots=True)
class NewWork:
    """A work this batch creates: what the rest of the batch needs of it (model instances cost more than the
    insert). It has no titles, shares or recordings to replace yet."""

    pk: int
    code: str
    title: str
    iswc: str | None
    cwr_new: bool = True


WORK_COLUMNS = (
    "code",
    "title",
    "iswc",
    "language",
    "duration",
    "version_type",
    "submitter_id",
    "created_at",
    "updated_at",
)


def _write_works(changed: dict[int, WorkData], existing: dict[int, Work], batch: Batch) -> dict[int, Work | NewWork]:
    updates = []
    for i, w in changed.items():
        if (work := existing.get(i)) is not None:
            _set_fields(work, w)
            updates.append(work)
    Work.objects.bulk_update(
        updates, ["title", "iswc", "language", "duration", "version_type", "submitter_id", "updated_at"]
    )
    if not batch.is_self:  # revised works may have come by ISWC without a link to the sender's number
        CwrLink.objects.bulk_create(
            [
                CwrLink(partner=batch.partner, kind=CwrLink.Kind.WORK, number=w.submitter_work_number, local_id=work.pk)
                for work, w in zip(updates, (changed[i] for i in changed if i in existing), strict=True)
            ],
            ignore_conflicts=True,
        )
    new = [i for i in changed if i not in existing]
    now = timezone.now()
    rows = [
        (code, w.title, w.iswc, w.language or "", w.duration, w.version_type, w.submitter_work_number, now, now)
        for code, w in zip(allocate_codes("W", len(new)), (changed[i] for i in new), strict=True)
    ]
    created = {
        i: NewWork(pk, row[0], row[1], row[2])
        for i, row, pk in zip(new, rows, insert_rows(Work, WORK_COLUMNS, rows), strict=True)
    }
    if not batch.is_self:  # new works' numbers are new links
        append_rows(
            CwrLink,
            ("partner", "kind", "number", "local_id"),
            [
                (batch.partner, CwrLink.Kind.WORK.value, changed[i].submitter_work_number, w.pk)
                for i, w in created.items()
            ],
        )
    return {i: existing[i] for i in changed if i in existing} | created


def _set_fields(work: Work, w: WorkData) -> None:
    work.title = w.title
    work.iswc = w.iswc or work.iswc
    work.language = w.language or ""
    work.duration = w.duration
    work.version_type = w.version_type
    work.submitter_id = work.submitter_id or w.submitter_work_number
    work.updated_at = timezone.now()


def _clear_revised(revised: list[int]) -> None:
    """A revision replaces the work's titles and shares."""
    if revised:
        AlternateTitle.objects.filter(work_id__in=revised).delete()
        ShareTerritory.objects.filter(share__work_id__in=revised).delete()
        WorkShare.objects.filter(work_id__in=revised).update(publisher=None)
        WorkShare.objects.filter(work_id__in=revised)._raw_delete(WorkShare.objects.db)


def _affiliations(changed: dict[int, WorkData], parties: dict) -> dict[tuple[int, str], str]:
    """(party id, right) -> the society code the registrations give."""
    return {
        (parties[party_key(s.party)], right): code
        for w in changed.values()
        for s in w.shares
        for right, code in zip(RIGHTS, s.societies, strict=True)
        if code
    }


def _write_content(changed, works, parties, memberships: list[tuple], held: HeldRecordings) -> None:
    insert_rows(
        AlternateTitle,
        ("work_id", "title", "title_type", "language", "non_roman"),
        [
            (works[i].pk, t, kind, lang or "", non_roman)
            for i, w in changed.items()
            for non_roman, titles in ((False, w.alternate_titles), (True, w.non_roman_titles))
            for t, kind, lang in titles
        ],
    )
    _create_shares(changed, works, parties)
    append_rows(Membership, MEMBERSHIP_COLUMNS, memberships)
    _write_recordings(changed, works, parties, held)


SHARE_COLUMNS = (
    "work_id",
    "party_id",
    "role",
    "controlled",
    "chain",
    "publisher_id",
    "pr_share",
    "mr_share",
    "sr_share",
    "source",
)
TERRITORY_COLUMNS = ("share_id", "sequence", "included", "territory", "pr_collection", "mr_collection", "sr_collection")


def _create_shares(changed: dict[int, WorkData], works: dict[int, Work], parties: dict) -> None:
    """Shares in two inserts: each chain's original publisher first, then everyone else already pointing at it."""
    pairs = [(works[i].pk, s) for i, w in changed.items() for s in w.shares]
    originals = _originals(pairs)
    first = list(originals.values())
    ids = dict(
        zip(first, insert_rows(WorkShare, SHARE_COLUMNS, [_share_row(pairs[n], parties) for n in first]), strict=True)
    )
    rest = [n for n in range(len(pairs)) if n not in ids]
    rows = []
    for n in rest:
        work_id, s = pairs[n]
        original = originals.get((work_id, s.chain)) if s.chain is not None else None
        rows.append(_share_row(pairs[n], parties, ids.get(original)))
    ids |= dict(zip(rest, insert_rows(WorkShare, SHARE_COLUMNS, rows), strict=True))
    insert_rows(
        ShareTerritory,
        TERRITORY_COLUMNS,
        [
            (ids[n], seq, t.included, t.tis, _percent(t.pr), _percent(t.mr), _percent(t.sr))
            for n, (_, s) in enumerate(pairs)
            for seq, t in enumerate(s.territories, 1)
        ],
    )


def _share_row(pair: tuple[int, ShareData], parties: dict, publisher_id: int | None = None) -> tuple:
    work_id, s = pair
    return (
        work_id,
        parties[party_key(s.party)],
        s.role,
        s.controlled,
        s.chain if s.is_publisher else None,
        publisher_id,
        _percent(s.pr),
        _percent(s.mr),
        _percent(s.sr),
        Source.CWR.value,
    )


def _originals(pairs: list[tuple[int, ShareData]]) -> dict[tuple[int, int], int]:
    """(work id, chain) -> index of the chain's original publisher (E, PA or AQ; else its first publisher)."""
    originals: dict[tuple[int, int], int] = {}
    for n, (work_id, s) in enumerate(pairs):
        if s.is_publisher and s.chain is not None:
            key = (work_id, s.chain)
            current = originals.get(key)
            if current is None or (
                s.role in ORIGINAL_PUBLISHER_ROLES and pairs[current][1].role not in ORIGINAL_PUBLISHER_ROLES
            ):
                originals[key] = n
    return originals


@lru_cache(maxsize=4096)
def _percent(hundredths: int) -> str:
    """A share in hundredths of a percent as the exact decimal text of the percentage (5000 -> '50.00')."""
    return f"{hundredths // 100}.{hundredths % 100:02d}"


RECORDING_COLUMNS = ("isrc", "work_id", "title", "duration", "artist", "label", "release_date")


@dataclass(slots=True)
class HeldRecordings:
    """The recordings a batch's REC records name that we already hold, and their performers entered by staff."""

    by_isrc: dict[str, Recording]
    untitled: dict[tuple[int, str], Recording]  # (work id, title) -> a recording of a revised work without ISRC
    staff_performers: set[tuple[int, int]]  # (recording id, party id)


def _held_recordings(changed: dict[int, WorkData], existing: dict[int, Work]) -> HeldRecordings:
    """Read before anything is written: the recordings held, their CWR-derived performers deleted (replaced)."""
    isrcs = {_isrc(r.isrc) for w in changed.values() for r in w.recordings} - {None}
    by_isrc = Recording.objects.in_bulk(list(isrcs), field_name="isrc") if isrcs else {}
    wanted_untitled = {
        (existing[i].pk, r.title or w.title)
        for i, w in changed.items()
        if i in existing
        for r in w.recordings
        if not _isrc(r.isrc)
    }
    untitled = (
        {
            key: rec
            for rec in Recording.objects.filter(work_id__in={k[0] for k in wanted_untitled}, isrc__isnull=True)
            if (key := (rec.work_id, rec.title)) in wanted_untitled
        }
        if wanted_untitled
        else {}
    )
    held = [rec.pk for rec in (*by_isrc.values(), *untitled.values())]
    staff = set()
    if held:
        RecordingContributor.objects.filter(recording_id__in=held, source=Source.CWR).delete()
        staff = set(RecordingContributor.objects.filter(recording_id__in=held).values_list("recording_id", "party_id"))
    return HeldRecordings(by_isrc, untitled, staff)


def _write_recordings(changed: dict[int, WorkData], works: dict[int, Work], parties: dict, held: HeldRecordings):
    """REC by ISRC (or, without one, by title within the work); PER become main artists of those recordings.
    The same recording on two works of a batch is one row: the later work wins."""
    wanted = [(works[i], r) for i, w in changed.items() for r in w.recordings]
    if not wanted:
        return
    updated: dict[int, Recording] = {}
    new_rows: list[tuple] = []
    new_by_isrc: dict[str, int] = {}
    refs: dict[int, list[Recording | int]] = {}  # work id -> its recordings (an index into new_rows when new)
    for work, r in wanted:
        isrc = _isrc(r.isrc)
        values = (work.pk, r.title or work.title, r.duration, r.artist or "", r.label or "", r.release_date)
        rec = held.by_isrc.get(isrc) if isrc else held.untitled.get((work.pk, values[1]))
        if rec is not None:
            rec.work_id, rec.title, rec.duration, rec.artist, rec.label, rec.release_date = values
            updated[rec.pk] = rec
            ref: Recording | int = rec
        elif isrc and isrc in new_by_isrc:
            ref = new_by_isrc[isrc]
            new_rows[ref] = (isrc, *values)
        else:
            ref = len(new_rows)
            new_rows.append((isrc, *values))
            if isrc:
                new_by_isrc[isrc] = ref
        refs.setdefault(work.pk, []).append(ref)
    new_ids = insert_rows(Recording, RECORDING_COLUMNS, new_rows)
    recordings = {
        work_id: [new_ids[ref] if isinstance(ref, int) else ref.pk for ref in work_refs]
        for work_id, work_refs in refs.items()
    }
    _write_performers(changed, works, parties, recordings, held.staff_performers)
    Recording.objects.bulk_update(  # a query: last, so the inserts above need not wait for it
        list(updated.values()), ["work", "title", "duration", "artist", "label", "release_date"]
    )


@lru_cache(maxsize=65536)
def _isrc(value: str | None) -> str | None:
    """The ISRC in its stored form, or None when absent or invalid (stdnum is slow: results are cached)."""
    try:
        return normalize_isrc(value) if value else None
    except IdentifierError:
        return None


def _write_performers(changed, works, parties, recordings: dict[int, list[int]], staff: set[tuple[int, int]]):
    """Performers of the recordings (their CWR-derived ones were deleted); those entered by staff stay."""
    rows = {
        (recording_id, parties[party_key(p)]): n
        for i, w in changed.items()
        for recording_id in recordings.get(works[i].pk, ())
        for n, p in enumerate(w.performers, 1)
    }
    append_rows(
        RecordingContributor,
        ("recording_id", "party_id", "role", "instrument", "sequence", "source"),
        [
            (recording_id, party_id, RecordingContributor.Role.MAIN.value, "", n, Source.CWR.value)
            for (recording_id, party_id), n in rows.items()
            if (recording_id, party_id) not in staff
        ],
    )
