"""Territory resolution of include/exclude records, read in order (CISAC TIS codes).

A small equivalent of music-metadata-territories' TerritoryList: records are folded into the set of countries
they include, and a territory counts as included only when all of its countries are (so a UK-only share
collects nothing in 2136 World, and World-excluding-UK does not cover World either).
"""

from functools import cache, lru_cache

from music_metadata.territories.territory import Territory

from .model import EngineError, TerritoryRecord


@cache
def countries(tis: str) -> frozenset[str]:
    territory = Territory.get(str(tis).strip())
    if territory is None:
        raise EngineError(f"territory {tis!r}: not a CISAC TIS code")
    if territory.is_country:
        return frozenset({territory.tis_n})
    return frozenset(t.tis_n for t in territory.countries)


@lru_cache(maxsize=65536)
def _included(records: tuple[TerritoryRecord, ...]) -> dict[str, int | None]:
    """Country → collection share given by the last record that includes it."""
    included: dict[str, int | None] = {}
    for record in records:
        for country in countries(record.tis):
            if record.include:
                included[country] = record.share_bp
            else:
                included.pop(country, None)
    return included


@lru_cache(maxsize=65536)
def collection_share(records: tuple[TerritoryRecord, ...], tis: str, own_bp: int) -> int:
    """The share collected in `tis`: its own share with no record; 0 where the records do not cover `tis`.

    Where the records give different shares within `tis`, the share collected throughout it (the smallest).
    """
    if not records:
        return own_bp
    included = _included(records)
    wanted = countries(tis)
    if not wanted <= included.keys():
        return 0
    return min(own_bp if included[c] is None else included[c] for c in wanted)


@lru_cache(maxsize=65536)
def coverage(records: tuple[TerritoryRecord, ...], tis: str) -> int | None:
    """How many countries the records include when they cover all of `tis` (fewer = more specific), else None."""
    included = _included(records)
    return len(included) if countries(tis) <= included.keys() else None
