"""Recordings with their performers and producers as a table (CSV or Excel): one row per performer or producer
share, the recording's columns repeated on each of its rows (layout: README, Recordings spreadsheet).

Columns: isrc, title, duration, artist, label, release_date, works (work codes or ISWCs, separated by `;`),
role (main, featured, non_featured or producer), party_code, ipi_name, ipn, isni, last_name, first_name,
instrument, share (producer ownership %), territory (TIS), valid_from, valid_to (YYYY-MM-DD).
Rows of one recording are consecutive and share its ISRC, else its title and artist. A party is found by
party_code, else IPN, else IPI name number, else by its names, else created. Importing a recording replaces its
works, performers and producer shares by the file's.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from rightowners.models import InterestedParty
from rightowners.services import save_party
from wipoconnect.core.errors import DomainError
from wipoconnect.core.identifiers import IdentifierError, normalize_ipi_name, normalize_isrc, normalize_iswc
from wipoconnect.core.tabular import read_rows, write_rows
from works.models import ProducerShare, Recording, RecordingContributor, RecordingWork, RelatedRightsProfile, Work
from works.related_services import (
    ContributorData,
    ProducerShareData,
    clean_profile_fields,
    related_snapshot,
    save_recording_rights,
    save_related_profile,
)
from works.services import save_recording
from works.spreadsheet import _duration

COLUMNS = [
    "isrc",
    "title",
    "duration",
    "artist",
    "label",
    "release_date",
    "works",
    "role",
    "party_code",
    "ipi_name",
    "ipn",
    "isni",
    "last_name",
    "first_name",
    "instrument",
    "share",
    "territory",
    "valid_from",
    "valid_to",
]
PRODUCER = "producer"
RECORDING_FIELDS = ("isrc", "title", "duration", "artist", "label", "release_date")


@dataclass
class RecordingImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)

    def summary(self) -> str:
        return (
            f"recordings: {self.rows} rows, {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.errors)} errors"
        )


class RowError(DomainError):
    def __init__(self, row: int, column: str, message: str):
        super().__init__(message)
        self.row, self.column = row, column


def import_recordings(path: Path, *, user=None) -> RecordingImportResult:
    header, rows = read_rows(path)
    if "title" not in header and "isrc" not in header:
        raise ValueError(f"{path.name}: missing column(s) isrc or title")
    result = RecordingImportResult()
    for _, group in groupby(rows, key=lambda numbered: _identity(numbered[1])):
        group = list(group)
        result.rows += len(group)
        try:
            outcome = _import_recording(group, user)
        except RowError as exc:
            result.errors.append((exc.row, exc.column, str(exc)))
            continue
        except ValidationError as exc:
            result.errors.extend((group[0][0], k, m) for k, msgs in exc.message_dict.items() for m in msgs)
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _identity(row: dict) -> str:
    if row.get("isrc"):
        return "isrc:" + row["isrc"].replace("-", "").upper()
    return f"title:{row.get('title', '').upper()}|{row.get('artist', '').upper()}"


@transaction.atomic
def _import_recording(group: list[tuple[int, dict]], user) -> str:
    number, first = group[0]
    fields = _recording_fields(number, first)
    recording = _existing(fields)
    before = None if recording is None else (_fields_of(recording), related_snapshot(recording))
    recording = save_recording(recording=recording, fields=fields, user=user)
    works = [_work(number, token) for token in first.get("works", "").split(";") if token.strip()]
    contributors, producers = [], []
    for row_number, row in group:
        role = row.get("role", "").strip().lower()
        if not role:
            continue
        party = _party(row_number, row, role)
        if role == PRODUCER:
            producers.append(
                ProducerShareData(
                    party.pk,
                    row.get("share") or "0",
                    row.get("territory") or "2136",
                    _date(row_number, row, "valid_from"),
                    _date(row_number, row, "valid_to"),
                )
            )
        else:
            contributors.append(ContributorData(party.pk, role, row.get("instrument", "")))
    save_recording_rights(recording=recording, works=works, contributors=contributors, producers=producers, user=user)
    if before is None:
        return "created"
    return "unchanged" if before == (_fields_of(recording), related_snapshot(recording)) else "updated"


def _recording_fields(number: int, row: dict) -> dict:
    try:
        duration = _duration(row.get("duration", ""))
    except ValidationError:
        raise RowError(number, "duration", f"duration {row.get('duration')!r} must be seconds or mm:ss") from None
    title = " ".join(row.get("title", "").split())
    if not title:
        raise RowError(number, "title", "a recording needs a title")
    return {
        "isrc": row.get("isrc", ""),
        "title": title,
        "duration": duration,
        "artist": row.get("artist", ""),
        "label": row.get("label", ""),
        "release_date": _date(number, row, "release_date"),
    }


def _existing(fields: dict) -> Recording | None:
    if fields["isrc"]:
        try:
            return Recording.objects.filter(isrc=normalize_isrc(fields["isrc"])).first()
        except IdentifierError:
            return None  # save_recording reports the bad ISRC
    return Recording.objects.filter(isrc=None, title=fields["title"], artist=fields["artist"]).first()


def _fields_of(recording: Recording) -> tuple:
    return tuple(getattr(recording, name) for name in RECORDING_FIELDS)


def _date(number: int, row: dict, column: str) -> date | None:
    text = row.get(column, "").strip()[:10]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(number, column, f"date {text!r} must be YYYY-MM-DD") from None


def _work(number: int, token: str) -> Work:
    token = token.strip().upper()
    try:
        work = Work.objects.filter(iswc=normalize_iswc(token)).first() if token.startswith("T") else None
    except IdentifierError as exc:
        raise RowError(number, "works", str(exc)) from None
    work = work or Work.objects.filter(code=token).first()
    if work is None:
        raise RowError(number, "works", f"no work with code or ISWC {token}")
    return work


def _party(number: int, row: dict, role: str) -> InterestedParty:
    try:
        return _find_or_create_party(row, role)
    except IdentifierError as exc:
        raise RowError(number, "ipi_name", str(exc)) from None
    except ValidationError as exc:
        column, messages = next(iter(exc.message_dict.items()))
        raise RowError(number, column, messages[0]) from None


def _find_or_create_party(row: dict, role: str) -> InterestedParty:
    if code := row.get("party_code", "").strip().upper():
        party = InterestedParty.objects.filter(code=code).first()
        if party is None:
            raise ValidationError({"party_code": [f"no party with code {code}"]})
        return party
    ipn = clean_profile_fields(ipn=row.get("ipn", ""))["ipn"]
    if ipn and (profile := RelatedRightsProfile.objects.select_related("party").filter(ipn=ipn).first()):
        return profile.party
    ipi = normalize_ipi_name(row["ipi_name"]) if row.get("ipi_name") else None
    party = InterestedParty.objects.filter(ipi_name=ipi).first() if ipi else None
    if party is None and not ipi:
        party = InterestedParty.objects.filter(
            last_name=" ".join(row.get("last_name", "").split()),
            first_name=" ".join(row.get("first_name", "").split()),
            merged_into=None,
        ).first()
    if party is None:
        kind = InterestedParty.Kind.COMPANY if role == PRODUCER else InterestedParty.Kind.PERSON
        fields = {
            "kind": kind,
            "last_name": row.get("last_name", ""),
            "first_name": row.get("first_name", ""),
            "ipi_name": ipi or "",
            "isni": row.get("isni", ""),
        }
        party = save_party(fields=fields)
    party = party.merged_into or party
    if ipn:
        save_related_profile(party=party, ipn=ipn)
    return party


def export_recordings(path: Path, fmt: str | None = None) -> int:
    return write_rows(path, COLUMNS, _export_rows(), fmt=fmt)


def _export_rows():
    ipns = dict(RelatedRightsProfile.objects.exclude(ipn=None).values_list("party_id", "ipn"))
    works: dict[int, list[str]] = {}
    links = RecordingWork.objects.order_by("recording_id", "sequence")
    for recording_id, code, iswc in links.values_list("recording_id", "work__code", "work__iswc"):
        works.setdefault(recording_id, []).append(iswc or code)
    performers = _grouped(RecordingContributor.objects.select_related("party").order_by("recording_id", "sequence"))
    producers = _grouped(ProducerShare.objects.select_related("party").order_by("recording_id", "valid_from", "id"))
    for recording in Recording.objects.order_by("isrc", "title", "id").iterator(chunk_size=2000):
        base = [
            recording.isrc or "",
            recording.title,
            recording.duration or "",
            recording.artist,
            recording.label,
            recording.release_date.isoformat() if recording.release_date else "",
            ";".join(works.get(recording.pk, [])),
        ]
        rows = [_party_cells(c.role, c.party, ipns, instrument=c.instrument) for c in performers.get(recording.pk, [])]
        rows += [_producer_cells(s, ipns) for s in producers.get(recording.pk, [])]
        for cells in rows or [[""] * (len(COLUMNS) - len(base))]:
            yield base + cells


def _grouped(queryset) -> dict[int, list]:
    return {key: list(items) for key, items in groupby(queryset.iterator(chunk_size=2000), lambda x: x.recording_id)}


def _party_cells(role: str, party: InterestedParty, ipns: dict, instrument: str = "") -> list:
    return [
        role,
        party.code,
        party.ipi_name or "",
        ipns.get(party.pk, ""),
        party.isni,
        party.last_name,
        party.first_name,
        instrument,
        "",
        "",
        "",
        "",
    ]


def _producer_cells(share: ProducerShare, ipns: dict) -> list:
    cells = _party_cells(PRODUCER, share.party, ipns)
    cells[-4:] = [f"{share.share:.2f}", share.territory, share.valid_from or "", share.valid_to or ""]
    return [c.isoformat() if isinstance(c, date) else c for c in cells]
