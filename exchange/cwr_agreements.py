"""Storing CWR agreements (AGR): each acquirer's share per right becomes Agreement rows from the (first) assignor,
valid from the start to the end date, one row per TER record in sequence order (an exclusion is a row with
`excluded`; without TER records, one World row). The distribution reads the rows of one agreement back as its
ordered territory records (distribution/feed.py). A later AGR with the same submitter agreement number from the
same assignor replaces the CWR-derived rows; agreements entered by staff are never touched."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from exchange.bulk_insert import insert
from exchange.cwr.agreements import AgreementData
from exchange.cwr_parties import party_key, resolve_parties
from rightowners.models import Agreement, Source

RIGHT_TYPES = ("PR", "MR", "SR")
WORLD = ((True, "2136"),)


def save_agreements(items: list[AgreementData], *, partner: str, is_self: bool) -> None:
    """Call inside a database transaction."""
    everyone = [p.party for item in items for p in item.parties]
    parties, _created = resolve_parties(everyone, partner=partner, is_self=is_self)
    rows = []
    replaced = []
    for item in items:
        assignor = parties[party_key(item.assignors[0].party)]
        replaced.append((assignor, item.submitter_number))
        territories = item.territories or WORLD
        rows += [
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
            for right, share in zip(RIGHT_TYPES, acquirer.shares, strict=True)
            if share
            for included, tis in territories
        ]
    earlier = Q(pk__in=[])
    for assignor, number in replaced:
        earlier |= Q(assignor_id=assignor, submitter_number=number)
    Agreement.objects.filter(earlier, source=Source.CWR).delete()
    insert(rows)
