"""Engine inputs read from the database in bulk (a few queries per chunk of works, never one per row)."""

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db.models import Q

from distribution.runs import engine
from distribution.runs.models import DistributionRun
from rightowners.models import Agreement, InterestedParty, Membership, Source
from works.models import ShareTerritory, WorkShare

SHARE_FIELD = {"PR": "pr_share", "MR": "mr_share", "SR": "sr_share"}
COLLECTION_FIELD = {"PR": "pr_collection", "MR": "mr_collection", "SR": "sr_collection"}


def bp(percent: Decimal | None) -> int:
    """Percent with 2 decimals → basis points (exact)."""
    return int((percent or 0) * 100)


def run_params(run: DistributionRun) -> engine.RunParams:
    return engine.RunParams(
        gross=run.gross,
        admin=run.admin_percent,
        social=run.social_percent,
        right=run.right_type,
        territory=run.territory,
        society_code=settings.SOCIETY_CODE,
        on=period_of(run)[1],
        threshold=run.threshold,
    )


def period_of(run: DistributionRun):
    """From the earliest start to the latest end of the run's reports."""
    dates = list(run.reports.values_list("period_start", "period_end"))
    if not dates:
        raise engine.EngineError(f"run {run.pk}: covers no usage report")
    return min(d[0] for d in dates), max(d[1] for d in dates)


def shares_of_works(low: int, high: int, right: str) -> dict[int, list[engine.Share]]:
    """Shares of the works with ids in [low, high], with their territory records in sequence order."""
    records: dict[int, list[engine.TerritoryRecord]] = defaultdict(list)
    territory_rows = (
        ShareTerritory.objects.filter(share__work_id__gte=low, share__work_id__lte=high)
        .order_by("share_id", "sequence", "id")
        .values_list("share_id", "included", "territory", COLLECTION_FIELD[right])
    )
    for share_id, included, territory, collection in territory_rows.iterator(chunk_size=10_000):
        records[share_id].append(engine.TerritoryRecord(included, territory, bp(collection)))
    shares: dict[int, list[engine.Share]] = defaultdict(list)
    share_rows = WorkShare.objects.filter(work_id__gte=low, work_id__lte=high).values_list(
        "id", "work_id", "party_id", "role", SHARE_FIELD[right]
    )
    for share_id, work_id, party_id, role, share in share_rows.iterator(chunk_size=10_000):
        shares[work_id].append(engine.Share(work_id, party_id, role, bp(share), tuple(records.get(share_id, ()))))
    return shares


AGREEMENT_KEY = ("assignor_id", "acquirer_id", "right_type", "share", "valid_from", "valid_to", "submitter_number")


def agreements(right: str, on) -> list[engine.Agreement]:
    """Agreements valid for the right on the run's day (the engine checks the territory). Agreement rows are
    territory records: the rows of one (assignor, acquirer, right, share, period, submitter agreement number), in
    id order, are one agreement's include/exclude sequence ("World except X" is two rows)."""
    rows = (
        Agreement.objects.filter(right_type=right)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("id")
        .values_list(*AGREEMENT_KEY, "excluded", "territory")
    )
    grouped: dict[tuple, list[engine.TerritoryRecord]] = defaultdict(list)
    for *key, excluded, territory in rows.iterator(chunk_size=10_000):
        grouped[tuple(key)].append(engine.TerritoryRecord(not excluded, territory))
    return [
        engine.Agreement(
            assignor=assignor,
            acquirer=acquirer,
            share_bp=bp(share),
            rights=frozenset({right_type}),
            territories=tuple(territories),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for (assignor, acquirer, right_type, share, valid_from, valid_to, _number), territories in grouped.items()
    ]


def parties_of_works(low: int, high: int, acquirers: set[int]) -> dict[int, engine.Party]:
    holders = WorkShare.objects.filter(work_id__gte=low, work_id__lte=high).values("party_id")
    rows = InterestedParty.objects.filter(Q(id__in=holders) | Q(id__in=acquirers)).values_list("id", "code", "ipi_name")
    return {pk: engine.Party(pk, code, ipi or None) for pk, code, ipi in rows.iterator(chunk_size=10_000)}


def memberships_of_works(low: int, high: int, acquirers: set[int], right: str) -> list[engine.Membership]:
    holders = WorkShare.objects.filter(work_id__gte=low, work_id__lte=high).values("party_id")
    rows = (
        Membership.objects.filter(Q(party_id__in=holders) | Q(party_id__in=acquirers), right_type=right)
        .values_list("party_id", "society__code", "territory", "excluded", "valid_from", "valid_to", "source")
        .iterator(chunk_size=10_000)
    )
    return [
        engine.Membership(
            party=party,
            society=society,
            right=right,
            territories=_membership_territories(territory, excluded),
            valid_from=valid_from,
            valid_to=valid_to,
            by_staff=source != Source.CWR,  # CWR-derived memberships lose to any other
        )
        for party, society, territory, excluded, valid_from, valid_to, source in rows
    ]


@lru_cache(maxsize=1024)
def _membership_territories(territory: str, excluded: bool) -> tuple[engine.TerritoryRecord, ...]:
    """An excluded territory on a membership means the world except that territory."""
    if excluded:
        return (engine.TerritoryRecord(True, engine.WORLD), engine.TerritoryRecord(False, territory))
    return (engine.TerritoryRecord(True, territory),)
