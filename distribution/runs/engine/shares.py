"""Steps 4–5: the share picture of a work for right R in territory T, after agreements.

Units: a share of the work amount in basis points of basis points (FULL = 100 %), so 33.33 % moved
12.5 % to a sub-publisher stays an exact integer.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wipoconnect.core.territories import collection_share, coverage

from .model import BP, FULL, Agreement, Ref, RunParams, Share


@dataclass(frozen=True, slots=True)
class Picture:
    entries: tuple[tuple[Ref, str, int], ...]  # (party, role, units)
    unclaimed: int = 0  # units
    conflict: str | None = None  # why the whole work amount goes to the conflict account


def valid_on(item: Agreement, on) -> bool:
    return (item.valid_from is None or item.valid_from <= on) and (item.valid_to is None or on <= item.valid_to)


class AgreementIndex:
    """Agreements valid for R in T on the run's day, by assignor."""

    def __init__(self, agreements: Iterable[Agreement], params: RunParams):
        self._by_assignor: dict[Ref, list[Agreement]] = defaultdict(list)
        for agreement in agreements:
            if (
                params.right in agreement.rights
                and valid_on(agreement, params.on)
                and coverage(agreement.territories, params.territory) is not None
            ):
                self._by_assignor[agreement.assignor].append(agreement)

    def applying(self, party: Ref, work: Ref) -> list[Agreement]:
        found = self._by_assignor.get(party)
        if not found:
            return []
        return [a for a in found if a.works is None or work in a.works]


def share_picture(work: Ref, shares: Iterable[Share], agreements: AgreementIndex, territory: str) -> Picture:
    collected = [
        (s, collection_share(s.territories, territory, s.share_bp) if s.territories else s.share_bp) for s in shares
    ]
    total = sum(bp for _, bp in collected)
    if total > BP:
        return Picture((), conflict=f"collection shares sum to {_pct(total)} % (more than 100 %)")
    entries: list[tuple[Ref, str, int]] = []
    for share, bp in collected:
        if bp == 0:
            continue
        # Agreements never apply to shares that carry their own territory records.
        moved = [] if share.territories else agreements.applying(share.party, work)
        moved_bp = sum(a.share_bp for a in moved)
        if moved_bp > BP:
            return Picture((), conflict=f"agreements move {_pct(moved_bp)} % of a share (more than 100 %)")
        entries.append((share.party, share.role, bp * (BP - moved_bp)))
        entries.extend((a.acquirer, a.acquirer_role, bp * a.share_bp) for a in moved)
    return Picture(tuple(entries), unclaimed=FULL - total * BP)


def _pct(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"
