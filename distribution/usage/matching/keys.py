"""The usage key of a line: what identification groups by, and what staff decisions are remembered for.

Two lines with the same identifiers, the same normalized title and the same sets of writer and performer
surnames have the same key, whatever the case, accents, tags, name order or name format. The key is a short
digest of those parts so that it is stable across reports and fits in an indexed column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

from distribution.usage.matching import normalize

KEY_LENGTH = 32  # hex characters (128 bits)


@dataclass(frozen=True, slots=True)
class UsageKey:
    """The normalized parts of a usage line that identification looks at."""

    title: str
    writers: frozenset[str]
    artists: frozenset[str]
    iswc: str = ""
    isrc: str = ""
    work_ref: str = ""

    @property
    def digest(self) -> str:
        return _digest(self)

    @property
    def has_names(self) -> bool:
        return bool(self.writers or self.artists)


def key_digest(key: UsageKey) -> str:
    """The digest of a key (`UsageKey.digest` remembers it for keys asked for again and again)."""
    parts = (
        key.work_ref,
        key.iswc,
        key.isrc,
        key.title,
        ";".join(sorted(key.writers)),
        ";".join(sorted(key.artists)),
    )
    return blake2b("\x1f".join(parts).encode(), digest_size=KEY_LENGTH // 2).hexdigest()


_digest = lru_cache(maxsize=1 << 18)(key_digest)


def usage_key(
    *, title: str, writers: str = "", artist: str = "", iswc: str = "", isrc: str = "", work_ref: str = ""
) -> UsageKey:
    """Key of a line from its cleaned identifiers (compact ISWC and ISRC) and its raw title and names."""
    return UsageKey(
        title=normalize.title(title),
        writers=normalize.surnames(writers),
        artists=normalize.surnames(artist),
        iswc=iswc,
        isrc=isrc,
        work_ref=work_ref.strip().upper(),
    )
