"""Interested parties named in CWR registrations: found (IPI name number, then the sender's IP #, then the name)
or created in bulk, and the memberships their society codes give (distribution-rules.md step 6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from exchange.cwr.works import PartyData
from exchange.models import CwrLink
from rightowners.models import InterestedParty, Membership, Society, Source
from wipoconnect.core.bulk import insert_rows
from wipoconnect.core.changes import record_changes
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.numbering import allocate_codes

PartyKey = tuple[str, ...]


def party_key(p: PartyData) -> PartyKey:
    if p.ipi_name:
        return ("ipi", p.ipi_name)
    if p.ip_number:
        return ("ip", p.ip_number)
    return ("name", name_number(p))


def name_number(p: PartyData) -> str:
    """Link number of a party the sender gives no id for: its kind and name."""
    return f"{p.kind}:{p.last_name or ''}|{p.first_name or ''}"[:120]


def resolve_parties(
    parties: Iterable[PartyData], *, partner: str, is_self: bool, known: dict[str, int] | None = None
) -> tuple[dict[PartyKey, int], list]:
    """PartyKey -> party id for every party, creating the missing ones; also returns the created parties.

    `known` maps name_number() of the parties already on the works being revised to their ids: a party the
    sender gives no id for is the same party when the revision names it the same way.
    """
    parties = parties if isinstance(parties, list) else list(parties)
    unique = {party_key(p): p for p in parties}
    by_ipi = _by_ipi(unique)
    found = dict(by_ipi)
    found |= _by_link(unique, found, partner)
    if is_self:  # our own export: the IP # is our party code
        found |= _by_code(unique, found)
    for key, p in unique.items():
        if key not in found and (pk := (known or {}).get(name_number(p))) is not None:
            found[key] = pk
    _complete_ipis({key: pk for key, pk in found.items() if key not in by_ipi})
    natives = {party_key(p): native_name(p) for p in parties if p.native_last_name}
    _complete_native_names({found[key]: native for key, native in natives.items() if key in found})
    missing = [(key, p) for key, p in unique.items() if key not in found]
    created = _create((p, natives.get(key)) for key, p in missing)
    found |= {key: party.pk for (key, _), party in zip(missing, created, strict=True)}
    _link(unique, found, partner)
    return found, created


NativeName = tuple[str, str, str]  # last (or company) name, first name, language: as stored ('' for none)


def native_name(p: PartyData) -> NativeName | None:
    """The party's name in its original script (CWR NPN / NWN), if the registration gives one."""
    if not p.native_last_name:
        return None
    return (p.native_last_name, p.native_first_name or "", p.native_language or "")


def _complete_native_names(wanted: dict[int, NativeName]) -> None:
    """Parties found whose name in original script is new or different: updated (one query to compare, one to
    write; none at all when the batch names nobody in original script)."""
    if not wanted:
        return
    rows = InterestedParty.objects.filter(pk__in=wanted).values_list(*NATIVE_COLUMNS)
    changed = [
        InterestedParty(pk=pk, code=code, ipi_name=ipi, **dict(zip(NATIVE_FIELDS, wanted[pk], strict=True)))
        for pk, code, ipi, *held in rows
        if tuple(held) != wanted[pk]
    ]
    if changed:
        InterestedParty.objects.bulk_update(changed, NATIVE_FIELDS)
        record_changes("party", changed)


NATIVE_FIELDS = ("native_last_name", "native_first_name", "native_language")
NATIVE_COLUMNS = ("pk", "code", "ipi_name", *NATIVE_FIELDS)


def _complete_ipis(found_otherwise: dict[PartyKey, int]) -> None:
    """A party found by the sender's id that now comes with an IPI name number nobody has: record it."""
    for key, pk in found_otherwise.items():
        if key[0] == "ipi":
            InterestedParty.objects.filter(pk=pk, ipi_name__isnull=True).exclude(
                pk__in=InterestedParty.objects.filter(ipi_name=key[1]).values("pk")
            ).update(ipi_name=key[1])


def _by_ipi(unique: dict[PartyKey, PartyData]) -> dict[PartyKey, int]:
    ipis = {key[1]: key for key in unique if key[0] == "ipi"}
    rows = InterestedParty.objects.filter(ipi_name__in=ipis).values_list("ipi_name", "pk")
    return {ipis[ipi]: pk for ipi, pk in rows}


def _by_link(unique: dict[PartyKey, PartyData], found: dict, partner: str) -> dict[PartyKey, int]:
    numbers = {_link_number(key, p): key for key, p in unique.items() if key not in found}
    numbers.pop(None, None)
    rows = CwrLink.objects.filter(partner=partner, kind=CwrLink.Kind.PARTY, number__in=numbers)
    return {numbers[number]: local_id for number, local_id in rows.values_list("number", "local_id")}


def _by_code(unique: dict[PartyKey, PartyData], found: dict) -> dict[PartyKey, int]:
    codes = {p.ip_number: key for key, p in unique.items() if key not in found and p.ip_number}
    rows = InterestedParty.objects.filter(code__in=codes).values_list("code", "pk")
    return {codes[code]: pk for code, pk in rows}


def _link_number(key: PartyKey, p: PartyData) -> str | None:
    if p.ip_number:
        return p.ip_number
    return key[1] if key[0] == "name" else None


@dataclass(slots=True)
class NewParty:
    """A party the import created: what the change feed needs of it (model instances cost more than the insert)."""

    pk: int
    code: str
    ipi_name: str | None


PARTY_COLUMNS = (
    "code",
    "kind",
    "last_name",
    "first_name",
    "ipi_name",
    "ipi_base",
    "isni",
    *NATIVE_FIELDS,
    "created_at",
    "updated_at",
)
NO_NATIVE_NAME = ("", "", "")


def _create(parties: Iterable[tuple[PartyData, NativeName | None]]) -> list[NewParty]:
    parties = list(parties)
    now = timezone.now()
    company, person = InterestedParty.Kind.COMPANY.value, InterestedParty.Kind.PERSON.value
    rows = [
        (
            code,
            company if p.kind == "company" else person,
            p.last_name or "UNKNOWN",
            p.first_name or "",
            p.ipi_name,
            p.ipi_base or "",
            "",
            *(native or NO_NATIVE_NAME),
            now,
            now,
        )
        for code, (p, native) in zip(allocate_codes("P", len(parties)), parties, strict=True)
    ]
    ids = insert_rows(InterestedParty, PARTY_COLUMNS, rows)
    return [NewParty(pk, row[0], row[4]) for pk, row in zip(ids, rows, strict=True)]


def _link(unique: dict[PartyKey, PartyData], found: dict[PartyKey, int], partner: str) -> None:
    links = [
        CwrLink(partner=partner, kind=CwrLink.Kind.PARTY, number=number, local_id=found[key])
        for key, p in unique.items()
        if (number := _link_number(key, p)) is not None
    ]
    CwrLink.objects.bulk_create(links, ignore_conflicts=True)


MEMBERSHIP_COLUMNS = ("party_id", "society_id", "right_type", "territory", "excluded", "source")


def membership_rows(affiliations: dict[tuple[int, str], str]) -> list[tuple]:
    """(party id, right) -> society code. A CWR code replaces the party's earlier CWR-derived membership for that
    right (territory World, no dates); parties with a membership entered by staff for that right keep theirs.
    Reads and deletes what the new rows replace and returns the rows (MEMBERSHIP_COLUMNS) for the caller to
    insert with the rest of its rows."""
    if not affiliations:
        return []
    staff = set(
        Membership.objects.filter(party_id__in={p for p, _ in affiliations}, source=Source.STAFF).values_list(
            "party_id", "right_type"
        )
    )
    wanted = {pair: code for pair, code in affiliations.items() if pair not in staff}
    replaced = Q(pk__in=[])
    for right in RIGHTS:
        replaced |= Q(right_type=right, party_id__in=[p for p, r in wanted if r == right])
    Membership.objects.filter(replaced, source=Source.CWR).delete()
    societies = _societies({code for code in wanted.values()})
    return [
        (party_id, societies[code].pk, right, "2136", False, Source.CWR.value)
        for (party_id, right), code in wanted.items()
    ]


def _societies(codes: set[str]) -> dict[str, Society]:
    """Society rows by code; codes not in our list yet are added (name to be completed by staff)."""
    existing = {s.code: s for s in Society.objects.filter(code__in=codes)}
    missing = [Society(code=code, name=f"Society {code}") for code in sorted(codes - existing.keys())]
    Society.objects.bulk_create(missing)
    return existing | {s.code: s for s in Society.objects.filter(code__in=[s.code for s in missing])}
