"""The state of works, parties and share pictures as served by the change feed (plain JSON-ready dicts).

Each builder loads a whole page of objects in a fixed number of queries. Parties inside share pictures are given
in full, so a receiver can create a party it has not seen yet.
"""

from collections.abc import Iterable

from rightowners.models import InterestedParty
from works.models import Work, WorkShare

PARTY_FIELDS = ("code", "kind", "last_name", "first_name", "ipi_name", "ipi_base", "isni")
WORK_FIELDS = ("code", "title", "iswc", "language", "duration", "version_type", "submitter_id")
COLLECTIONS = ("pr_collection", "mr_collection", "sr_collection")


def party_state(party: InterestedParty) -> dict:
    return {name: getattr(party, name) for name in PARTY_FIELDS}


def parties(ids: Iterable[int]) -> dict[int, dict]:
    return {p.pk: party_state(p) for p in InterestedParty.objects.filter(pk__in=list(ids))}


def works(ids: Iterable[int]) -> dict[int, dict]:
    rows = Work.objects.filter(pk__in=list(ids)).prefetch_related("alternate_titles")
    return {
        w.pk: {
            **{name: getattr(w, name) for name in WORK_FIELDS},
            "alternate_titles": sorted(t.title for t in w.alternate_titles.all()),
        }
        for w in rows
    }


def share_pictures(work_ids: Iterable[int]) -> dict[int, dict]:
    """Per work: its code, ISWC and shares in order; `publisher` is the index of the original publisher's share."""
    work_ids = list(work_ids)
    pictures = {
        pk: {"code": code, "iswc": iswc, "shares": []}
        for pk, code, iswc in Work.objects.filter(pk__in=work_ids).values_list("pk", "code", "iswc")
    }
    shares = (
        WorkShare.objects.filter(work_id__in=list(pictures))
        .select_related("party")
        .prefetch_related("territories")
        .order_by("work_id", "chain", "id")
    )
    index_of: dict[int, int] = {}
    for share in shares:
        picture = pictures[share.work_id]["shares"]
        index_of[share.pk] = len(picture)
        picture.append(_share_state(share))
    for share in shares:  # second pass: publishers may come after the shares that point at them
        if share.publisher_id in index_of:
            pictures[share.work_id]["shares"][index_of[share.pk]]["publisher"] = index_of[share.publisher_id]
    return pictures


def _share_state(share: WorkShare) -> dict:
    return {
        "party": party_state(share.party),
        "role": share.role,
        "pr_share": str(share.pr_share),
        "mr_share": str(share.mr_share),
        "sr_share": str(share.sr_share),
        "chain": share.chain,
        "controlled": share.controlled,
        "publisher": None,
        "territories": [
            {"territory": t.territory, "included": t.included, **{c: str(getattr(t, c)) for c in COLLECTIONS}}
            for t in share.territories.all()
        ],
    }
