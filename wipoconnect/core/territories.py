"""CISAC TIS territory codes, backed by the music-metadata-territories package. No Django imports."""

from functools import lru_cache

from music_metadata.territories.territory import Territory

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
