"""Storing CWR agreements (AGR) and loading them back for export.

Each acquirer's share per right becomes Agreement rows from the (first) assignor, valid from the start to the end
date, one row per TER record in sequence order (an exclusion is a row with `excluded`; without TER records, one
World row). The distribution reads the rows of one agreement back as its ordered territory records
(distribution/feed.py). A later AGR with the same submitter agreement number from the same assignor replaces the
CWR-derived rows (rows it would write identically are left alone); agreements entered by staff are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from exchange.cwr.agreements import AgreementData, AgreementParty
from exchange.cwr_parties import party_key, resolve_parties
from exchange.cwr_store import hundredths, party_data
from rightowners.models import Agreement, InterestedParty, Source
from wipoconnect.core.bulk import insert_objects
from wipoconnect.core.codes import RIGHTS

WORLD = ((True, "2136"),)
# What makes two agreement rows the same (besides the assignor and the submitter agreement number).
COMPARED = ("acquirer_id", "agreement_type", "right_type", "territory", "excluded", "share", "valid_from", "valid_to")


def save_agreements(items: list[AgreementData], *, partner: str, is_self: bool) -> None:
    """Call inside a database transaction."""
    everyone = [p.party for item in items for p in item.parties]
    parties, _created = resolve_parties(everyone, partner=partner, is_self=is_self)
    wanted: dict[tuple[int, str], list[Agreement]] = {}
    for item in items:
        assignor = parties[party_key(item.assignors[0].party)]
        territories = item.territories or WORLD
        wanted[(assignor, item.submitter_number)] = [
            Agreement(
                assignor_id=assignor,
                acquirer_id=parties[party_key(acquirer.party)],
                agreement_type=item.agreement_type,
                right_type=right,
                territory=tis,
                excluded=not included,
                share=Decimal(share) / 100,
                valid_from=item.start,
                valid_to=item.end,
                submitter_number=item.submitter_number,
                source=Source.CWR,
            )
            for acquirer in item.acquirers
            for right, share in zip(RIGHTS, acquirer.shares, strict=True)
            if share
            for included, tis in territories
        ]
    held = _held(wanted)
    changed = {key: rows for key, rows in wanted.items() if [_compared(a) for a in rows] != held.get(key, ([], []))[0]}
    Agreement.objects.filter(pk__in=[pk for key in changed for pk in held.get(key, ([], []))[1]]).delete()
    insert_objects([a for rows in changed.values() for a in rows])


def _held(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], tuple[list[tuple], list[int]]]:
    """(assignor, number) -> the CWR-derived rows held (compared values, ids), in id order."""
    earlier = Q(pk__in=[])
    for assignor, number in keys:
        earlier |= Q(assignor_id=assignor, submitter_number=number)
    held: dict[tuple[int, str], tuple[list[tuple], list[int]]] = defaultdict(lambda: ([], []))
    rows = Agreement.objects.filter(earlier, source=Source.CWR).order_by("id")
    for pk, assignor, number, *values in rows.values_list("pk", "assignor_id", "submitter_number", *COMPARED):
        values_held, ids = held[(assignor, number)]
        values_held.append(tuple(values))
        ids.append(pk)
    return held


def _compared(a: Agreement) -> tuple:
    return tuple(getattr(a, name) for name in COMPARED)


# ---------------------------------------------------------------------------------------------- export


def load_agreements() -> list[AgreementData]:
    """Our agreements as AGR data (parties named by code): those with a submitter agreement number and a start
    date (both mandatory in AGR), one per assignor, number, type and period, in the order they were stored."""
    rows = (
        Agreement.objects.exclude(submitter_number="")
        .filter(valid_from__isnull=False)
        .order_by("id")
        .values_list(
            "assignor_id",
            "submitter_number",
            "agreement_type",
            "valid_from",
            "valid_to",
            "acquirer_id",
            "right_type",
            "excluded",
            "territory",
            "share",
        )
    )
    grouped: dict[tuple, dict[tuple[int, str], list[tuple[bool, str, int]]]] = defaultdict(lambda: defaultdict(list))
    for *key, acquirer, right, excluded, territory, share in rows:
        grouped[tuple(key)][(acquirer, right)].append((not excluded, territory, hundredths(share)))
    ids = {key[0] for key in grouped} | {acquirer for by_right in grouped.values() for acquirer, _ in by_right}
    parties = {p.pk: p for p in InterestedParty.objects.filter(pk__in=ids)}
    return [_agreement_data(key, by_right, parties) for key, by_right in grouped.items()]


def _agreement_data(key: tuple, by_right: dict, parties: dict[int, InterestedParty]) -> AgreementData:
    assignor, number, agreement_type, start, end = key
    shares: dict[int, list[int]] = {}  # acquirer -> PR, MR, SR
    for (acquirer, right), territories in by_right.items():
        shares.setdefault(acquirer, [0, 0, 0])[RIGHTS.index(right)] = territories[0][2]
    first = next(iter(by_right.values()))
    moved = [sum(s[i] for s in shares.values()) for i in range(3)]
    return AgreementData(
        submitter_number=number,
        agreement_type=agreement_type,
        start=start,
        end=end,
        territories=tuple((included, tis) for included, tis, _share in first),
        parties=(
            AgreementParty(_ipa_party(parties[assignor]), True, tuple(10000 - m if m else 0 for m in moved)),
            *(AgreementParty(_ipa_party(parties[q]), False, tuple(s)) for q, s in shares.items()),
        ),
    )


def _ipa_party(party: InterestedParty):
    kind = "company" if party.kind == InterestedParty.Kind.COMPANY else "person"
    return party_data(party, kind, "code")
