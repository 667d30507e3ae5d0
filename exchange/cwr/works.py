"""Work registrations as plain data, both ways: a CWR work transaction -> WorkData, and WorkData -> the records of
a work transaction in any version. Import and export meet here, so what we export reads back to the same data.

Shares are integers in hundredths of a percent (CWR 999v99). In 2.x ownership sits on SPU/OPU/SWR/OWR and society
codes on the same records; in 3.x there is no ownership: collection per territory sits on SPT/OPT/SWT/OWT with the
society codes, and the ownership we keep is the collection share for the World (else the first inclusion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from exchange.cwr.pickling import pickled_by_fields
from exchange.cwr.records import Record, Transaction
from wipoconnect.core.codes import RIGHT_PREFIXES

PUBLISHER_RECORDS = ("SPU", "OPU")
WRITER_RECORDS = ("SWR", "OWR")
NO_SOCIETY = frozenset(("", "000", "099"))
NATIVE_NAME_RECORDS = frozenset(("NPN", "NWN"))


@pickled_by_fields
@dataclass
class PartyData:
    ip_number: str | None  # the sender's own id of the party (our exports: the party code)
    last_name: str | None
    first_name: str | None = None
    ipi_name: str | None = None
    ipi_base: str | None = None
    kind: str = "person"  # person (writers, performers) or company (publishers)
    # The name in its original script (NPN for publishers, NWN for writers) and its language.
    native_last_name: str | None = None
    native_first_name: str | None = None
    native_language: str | None = None


@pickled_by_fields
@dataclass
class TerritoryData:
    included: bool
    tis: str
    pr: int = 0  # collection shares
    mr: int = 0
    sr: int = 0


@pickled_by_fields
@dataclass
class ShareData:
    party: PartyData
    role: str  # publisher type (E, AM, SE, AQ, ES, PA) or writer designation (C, A, CA, AR, ...)
    controlled: bool
    chain: int | None = None  # publishers: chain number; writers: chain of their original publisher (PWR)
    pr: int = 0  # ownership shares
    mr: int = 0
    sr: int = 0
    societies: tuple[str | None, str | None, str | None] = (None, None, None)  # PR, MR, SR affiliation
    territories: tuple[TerritoryData, ...] = ()

    @property
    def is_publisher(self) -> bool:
        return self.party.kind == "company"


@pickled_by_fields
@dataclass
class RecordingData:
    isrc: str | None
    title: str | None = None
    duration: int | None = None
    artist: str | None = None
    label: str | None = None
    release_date: date | None = None


@pickled_by_fields
@dataclass
class WorkData:
    submitter_work_number: str
    title: str
    iswc: str | None = None
    language: str | None = None
    duration: int | None = None
    version_type: str = "ORI"
    alternate_titles: tuple[tuple[str, str, str | None], ...] = ()  # (title, title type, language)
    non_roman_titles: tuple[tuple[str, str, str | None], ...] = ()  # NAT: (title, title type, language)
    shares: tuple[ShareData, ...] = ()
    performers: tuple[PartyData, ...] = ()
    recordings: tuple[RecordingData, ...] = field(default=())


# ---------------------------------------------------------------------------------------------- CWR -> data


def work_from_transaction(tx: Transaction, version: str) -> WorkData:
    """The registration a (validated) work transaction carries; invalid optional fields are already None."""
    header = tx.header.values
    shares = tuple(_shares(tx.records, version))
    return WorkData(
        submitter_work_number=header["submitter_work_number"] or "",
        title=header["work_title"] or "",
        iswc=header.get("iswc"),
        language=header.get("language_code"),
        duration=header.get("duration") or None,
        version_type=header.get("version_type") or "ORI",
        alternate_titles=tuple(
            (r["alternate_title"], r["title_type"] or "AT", r["language_code"])
            for r in _values(tx.records, "ALT")
            if r["alternate_title"]
        ),
        non_roman_titles=tuple(
            (r["title"], r["title_type"] or "AT", r["language_code"]) for r in _values(tx.records, "NAT") if r["title"]
        ),
        shares=shares,
        performers=tuple(_performer(r) for r in _values(tx.records, "PER") if r["performing_artist_last_name"]),
        recordings=tuple(_recording(r) for r in _values(tx.records, "REC")),
    )


def _values(records: Iterable[Record], record_type: str) -> Iterable[dict]:
    return (r.values for r in records if r.record_type == record_type)


def _shares(records: list[Record], version: str) -> Iterable[ShareData]:
    """One ShareData per SPU/OPU/SWR/OWR, with the name (NPN/NWN), territory records and PWR link that follow it.
    A writer keeps its first PWR link only (validation tells the sender about the others)."""
    party, territories, chain, native, linked = None, [], None, None, False
    for rec in records[1:]:
        rt = rec.record_type
        if rt in PUBLISHER_RECORDS or rt in WRITER_RECORDS:
            if party is not None:
                yield _share(party, territories, chain, version, native)
            party, territories, chain, native, linked = rec, [], None, None, False
        elif rt in ("SPT", "OPT", "SWT", "OWT") and party is not None:
            territories.append(rec)
        elif rt == "PWR" and party is not None and party.record_type in WRITER_RECORDS and not linked:
            chain, linked = rec.values.get("publisher_sequence_number") or _chain_of(records, rec), True
        elif rt in NATIVE_NAME_RECORDS and party is not None and native is None:
            native = rec
    if party is not None:
        yield _share(party, territories, chain, version, native)


def _chain_of(records: list[Record], pwr: Record) -> int | None:
    """2.1 PWR has no chain number: find the publisher it names by IP #."""
    ip = pwr.values.get("publisher_ip_number")
    for rec in records:
        if rec.record_type in PUBLISHER_RECORDS and ip and rec.values.get("interested_party_number") == ip:
            return rec.values.get("publisher_sequence_number")
    return None


def _share(
    rec: Record, territory_records: list[Record], chain: int | None, version: str, native: Record | None = None
) -> ShareData:
    v = rec.values
    publisher = rec.record_type in PUBLISHER_RECORDS
    territories = tuple(_territory(t.values) for t in territory_records if t.values.get("tis_numeric_code"))
    if version.startswith("3"):
        ownership = _ownership_3x(territories)
        societies = _societies_3x(territory_records)
    else:
        ownership = tuple(v.get(f"{right}_ownership_share") or 0 for right in RIGHT_PREFIXES)
        society_fields = ("pr_affiliation_society_number", "mr_society", "sr_society")
        societies = tuple(_society(v.get(name)) for name in society_fields)
    return ShareData(
        party=PartyData(
            ip_number=v.get("interested_party_number"),
            last_name=v.get("publisher_name") if publisher else v.get("writer_last_name"),
            first_name=None if publisher else v.get("writer_first_name"),
            ipi_name=_ipi(v.get("publisher_ipi_name_number" if publisher else "writer_ipi_name_number")),
            ipi_base=v.get("publisher_ipi_base_number" if publisher else "writer_ipi_base_number"),
            kind="company" if publisher else "person",
            **_native_name(native, publisher),
        ),
        role=(v.get("publisher_type") or "E") if publisher else (v.get("writer_designation_code") or "C"),
        controlled=rec.record_type in ("SPU", "SWR"),
        chain=v.get("publisher_sequence_number") if publisher else chain,
        pr=ownership[0],
        mr=ownership[1],
        sr=ownership[2],
        societies=societies,
        territories=territories,
    )


def _native_name(rec: Record | None, publisher: bool) -> dict[str, str | None]:
    """NPN (publisher name) or NWN (writer last and first name) following the party's record, if it has a name."""
    if rec is None or (rec.record_type == "NPN") != publisher:
        return {}
    v = rec.values
    last = v.get("publisher_name") if publisher else v.get("writer_last_name")
    if not last:
        return {}
    return {
        "native_last_name": last,
        "native_first_name": None if publisher else v.get("writer_first_name"),
        "native_language": v.get("language_code"),
    }


def _territory(v: dict) -> TerritoryData:
    return TerritoryData(
        included=v.get("inclusion_exclusion_indicator") != "E",
        tis=v["tis_numeric_code"],
        pr=v.get("pr_collection_share") or 0,
        mr=v.get("mr_collection_share") or 0,
        sr=v.get("sr_collection_share") or 0,
    )


def _ownership_3x(territories: tuple[TerritoryData, ...]) -> tuple[int, int, int]:
    included = [t for t in territories if t.included]
    world = next((t for t in included if t.tis == "2136"), included[0] if included else None)
    return (world.pr, world.mr, world.sr) if world else (0, 0, 0)


def _societies_3x(territory_records: list[Record]) -> tuple[str | None, ...]:
    found: list[str | None] = [None, None, None]
    for rec in territory_records:
        for i, right in enumerate(RIGHT_PREFIXES):
            found[i] = found[i] or _society(rec.values.get(f"{right}_affiliation_society"))
    return tuple(found)


def _society(code: str | None) -> str | None:
    return None if code is None or code in NO_SOCIETY else code


def _ipi(value: str | None) -> str | None:
    """IPI name numbers are 11 digits; all zeros means none."""
    if not value or not value.strip("0"):
        return None
    return value.zfill(11)


def _performer(v: dict) -> PartyData:
    return PartyData(
        ip_number=None,
        last_name=v["performing_artist_last_name"],
        first_name=v.get("performing_artist_first_name"),
        ipi_name=_ipi(v.get("performing_artist_ipi_name_number")),
        ipi_base=v.get("performing_artist_ipi_base_number"),
    )


def _recording(v: dict) -> RecordingData:
    return RecordingData(
        isrc=v.get("isrc"),
        title=v.get("recording_title") or v.get("first_album_title"),
        duration=v.get("first_release_duration") or None,
        artist=v.get("display_artist"),
        label=v.get("record_label") or v.get("first_album_label"),
        release_date=v.get("first_release_date"),
    )
