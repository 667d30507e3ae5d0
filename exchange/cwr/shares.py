"""Share totals of a work transaction, in hundredths of a percent (CWR 999v99: 10000 = 100.00 %).

2.x: ownership per right over SPU/OPU/SWR/OWR must total 100.00 ± 0.06 or 0; collection (SPT/OPT/SWT/OWT) per
right and territory must not exceed 100.00 + 0.06. 3.x has no ownership: collection per right and territory must
total 100.00 ± 0.06 or 0. Territory records are read in sequence order: the last record whose territory covers
the territory in question decides (include -> its share, exclude -> nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exchange.cwr.records import Record
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.territories import covers

FULL = 10000
TOLERANCE = 6
PARTY_TYPES = frozenset(("SPU", "OPU", "SWR", "OWR"))
PUBLISHER_TYPES = frozenset(("SPU", "OPU"))
TERRITORY_TYPES = frozenset(("SPT", "OPT", "SWT", "OWT"))


@dataclass(frozen=True, slots=True)
class TerritoryShare:
    include: bool
    tis: str
    shares: dict[str, int]  # right -> collection share


def ownership_totals(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """{'publishers': {right: total}, 'writers': {right: total}} over SPU/OPU and SWR/OWR (2.x)."""
    totals = {"publishers": dict.fromkeys(RIGHTS, 0), "writers": dict.fromkeys(RIGHTS, 0)}
    for rec in records:
        rt = rec.record_type
        if rt not in PARTY_TYPES:
            continue
        side = totals["publishers" if rt in PUBLISHER_TYPES else "writers"]
        for right in RIGHTS:
            side[right] += rec.get(f"{right.lower()}_ownership_share", 0)
    return totals


def territory_runs(records: Iterable[Record]) -> list[list[TerritoryShare]]:
    """The territory records of each party, in order (one list per SPU/OPU/SWR/OWR that has any)."""
    runs: list[list[TerritoryShare]] = []
    current: list[TerritoryShare] | None = None
    for rec in records:
        rt = rec.record_type
        if rt in PARTY_TYPES:
            current = []
            runs.append(current)
        elif rt in TERRITORY_TYPES and current is not None and rec.get("tis_numeric_code"):
            shares = {right: rec.get(f"{right.lower()}_collection_share", 0) for right in RIGHTS}
            current.append(
                TerritoryShare(rec.get("inclusion_exclusion_indicator") != "E", rec["tis_numeric_code"], shares)
            )
    return [run for run in runs if run]


def collected_in(run: list[TerritoryShare], tis: str, right: str) -> int:
    """What one party collects for `right` in territory `tis`."""
    share = 0
    for ts in run:
        if ts.tis == tis or covers(ts.tis, tis):
            share = ts.shares[right] if ts.include else 0
    return share


def collection_totals(records: Iterable[Record]) -> dict[tuple[str, str], int]:
    """{(right, tis): total collection} for every territory named in an inclusion record."""
    runs = territory_runs(records)
    territories = sorted({ts.tis for run in runs for ts in run if ts.include})
    return {(right, tis): sum(collected_in(run, tis, right) for run in runs) for right in RIGHTS for tis in territories}


def is_full_or_zero(total: int) -> bool:
    return total == 0 or abs(total - FULL) <= TOLERANCE


def percent(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"
