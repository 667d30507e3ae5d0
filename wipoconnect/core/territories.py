"""CISAC TIS territory codes, backed by the music-metadata-territories package. No Django imports."""

from dataclasses import dataclass
from functools import cache, lru_cache

from music_metadata.territories.territory import Territory

from wipoconnect.core.errors import DomainError

WORLD = "2136"


def normalize_tis(code: str | int) -> str:
    """'826', '0826', 826 → '0826' (4 digits, as CWR writes them); raises ValueError if unknown."""
    text = str(code).strip()
    if not text.isdigit() or _territory(text.lstrip("0") or "0") is None:
        raise ValueError(f"unknown TIS territory code {code!r}")
    return text.zfill(4)


def territory_name(code: str) -> str:
    territory = _territory(str(code).lstrip("0"))
    return territory.name.title() if territory else str(code)


def covers(outer: str, inner: str) -> bool:
    """True if territory `inner` lies within (or is) territory `outer`."""
    outer_t, inner_t = _territory(outer.lstrip("0")), _territory(inner.lstrip("0"))
    if outer_t is None or inner_t is None:
        return False
    return outer_t == inner_t or outer_t in _ancestors(inner_t.tis_n)


@lru_cache(maxsize=4096)
def _territory(tis_n: str):
    try:
        return Territory.get(tis_n)
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _ancestors(tis_n: str) -> frozenset:
    territory = _territory(tis_n)
    return frozenset(territory.get_ascendants()) if territory else frozenset()


# Include/exclude records read in order: a small equivalent of music-metadata-territories' TerritoryList. Records are
# folded into the set of countries they include, and a territory counts as included only when all of its countries
# are (so a UK-only share collects nothing in 2136 World, and World-excluding-UK does not cover World either).


class TerritoryError(DomainError):
    """A code that is not a CISAC TIS territory."""


@dataclass(frozen=True, slots=True)
class TerritoryRecord:
    """One include/exclude record (SPT/SWT, or a membership territory), read in order."""

    include: bool
    tis: str
    share_bp: int | None = None  # collection share in this territory; None = the share's own


WORLDWIDE = (TerritoryRecord(True, WORLD),)


@cache
def countries(tis: str) -> frozenset[str]:
    territory = Territory.get(str(tis).strip())
    if territory is None:
        raise TerritoryError(f"territory {tis!r}: not a CISAC TIS code")
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
