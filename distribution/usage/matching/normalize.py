"""Normalization of titles, person names and identifiers, so that spellings of one work compare equal.

Titles: upper case, accents transliterated, bracketed version tags ("(Live)", "[2011 Remaster]", "- Radio Edit")
and "feat. …" dropped, punctuation removed, spaces collapsed, leading articles (en, fr, es, de, it, pt) dropped.
Names: "First Last", "Last, First" and "F. Last", several separated by ";", "/", "&" or "+", give the set of
normalized surnames (the last word of the surname part), which is what writers and performers are compared on.
Every function is idempotent: normalizing a normalized value changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from wipoconnect.core.identifiers import IdentifierError, normalize_isrc, normalize_iswc

__all__ = ["IdentifierError", "clean_isrc", "clean_iswc", "surname", "surnames", "title", "tokens"]

# Letters NFKD does not decompose into ASCII.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "Œ": "OE",
        "œ": "oe",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "`": "'",
    }
)

# Words that mark a bracketed or dashed part of a title as a version tag rather than part of the title.
_TAG_WORDS = (
    "REMASTER|REMASTERED|REMASTERISED|REMASTERIZED|LIVE|EDIT|RADIO|REMIX|MIX|VERSION|VERSAO|ACOUSTIC|"
    "ACOUSTIQUE|DEMO|MONO|STEREO|EXTENDED|INSTRUMENTAL|KARAOKE|EXPLICIT|CLEAN|SINGLE|ALBUM|BONUS|DELUXE|"
    "ORIGINAL|REPRISE|UNPLUGGED|FEAT|FT|FEATURING|EN VIVO|EN DIRECT|VIVO|DIRECTO"
)
_TAGGED = rf"[^()\[\]{{}}]*\b(?:{_TAG_WORDS})\b[^()\[\]{{}}]*"
_BRACKET_TAG_RE = re.compile(rf"\(({_TAGGED})\)|\[({_TAGGED})\]|\{{({_TAGGED})\}}")
_DASH_TAG_RE = re.compile(rf"\s[-–—]\s[^-–—]*\b(?:{_TAG_WORDS})\b.*$")
_FEAT_RE = re.compile(r"(?:^|\s)(?:FEAT|FT|FEATURING)\b\.?.*$")
_ARTICLES = frozenset(
    "THE A AN LE LA LES L UN UNE EL LOS LAS UNA UNOS UNAS DER DIE DAS DEN EIN EINE IL LO GLI UNO O OS AS UM UMA".split()
)
_TAG_SEEDS = frozenset({"FEAT", "FT", "FEATURING"})  # the only tags that survive as plain words
_NON_WORD_RE = re.compile(r"[\W_]+")
_ABBREVIATION_RE = re.compile(r"(?<=\b\w)\.(?=\w\b)")  # P.S. → PS, U.S.A. → USA
_ELISION_RE = re.compile(r"^(L)'(?=\w)")
_NAME_SPLIT_RE = re.compile(r"\s*(?:[;/&+]|\bFEAT\b\.?|\bFT\b\.?|\bFEATURING\b)\s*")
_NAME_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
_PLAIN = re.compile(r"[A-Za-z0-9 ]+").fullmatch  # text the fast paths of `title` and `surname` normalize alike


def _fold(value: str) -> str:
    """Upper case ASCII-like text: accents and ligatures transliterated, other scripts kept as they are."""
    if value.isascii():  # the common case, 20 times faster
        return value.upper().replace("`", "'")
    value = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATE))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).upper()
    # Upper-casing can produce new decomposable characters; fold once more so the result is a fixed point.
    value = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATE))
    return "".join(ch for ch in value if not unicodedata.combining(ch)).upper()


def _words(value: str) -> str:
    """Punctuation to spaces (apostrophes and abbreviation dots join: DON'T → DONT), spaces collapsed.

    Letters of any script are kept."""
    value = _ABBREVIATION_RE.sub("", value.replace("'", "")).replace("&", " AND ")
    return " ".join(_NON_WORD_RE.sub(" ", value).split())


def _drop_tags(value: str) -> str:
    stripped = _BRACKET_TAG_RE.sub(" ", value)
    stripped = _DASH_TAG_RE.sub("", stripped)
    stripped = _FEAT_RE.sub("", stripped)
    return stripped if _words(stripped) else value


def _drop_articles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return words


@lru_cache(maxsize=1 << 18)
def title(value: str) -> str:
    """`The Long & Winding Road (2009 Remaster) feat. X` → `LONG AND WINDING ROAD`."""
    if value and _PLAIN(value):  # ASCII letters, digits and spaces: no accent, punctuation or bracketed tag
        words = value.upper().split()
        if not _TAG_SEEDS.intersection(words):
            return " ".join(_drop_articles(words))
    return _title(value)


def _title(value: str) -> str:
    result = _ELISION_RE.sub(r"\1 ", _fold(value or ""))  # L'ÉTÉ → L ETE, then L goes as an article
    for _ in range(3):  # tags can nest ("Song (Live) - Remastered"): stop at the fixed point
        previous = result
        words = _drop_articles(_words(_drop_tags(result)).split())
        result = " ".join(words)
        if result == previous or (result.isascii() and _settled(words)):
            break
    return result


def _settled(words: list[str]) -> bool:
    """Plain words with no tag word and no leading article: another pass would change nothing."""
    return not _TAG_SEEDS.intersection(words) and (len(words) < 2 or words[0] not in _ARTICLES)


def tokens(normalized_title: str) -> tuple[str, ...]:
    return tuple(normalized_title.split())


@lru_cache(maxsize=1 << 18)
def surname(name: str) -> str:
    """One person's normalized surname: `Lennon, John`, `John Lennon`, `J. Lennon` → `LENNON`."""
    if name and _PLAIN(name):  # `John Lennon`: the last word that is no suffix
        words = name.upper().split()
        kept = [w for w in words if w not in _NAME_SUFFIXES] or words
        return kept[-1] if kept else ""
    return _surname(name)


def _surname(name: str) -> str:
    folded = _fold(name or "")
    part = folded.split(",", 1)[0] if "," in folded else folded
    words = [w for w in _words(part).split() if w not in _NAME_SUFFIXES]
    if not words:
        words = _words(part).split()
    return words[-1] if words else ""


@lru_cache(maxsize=1 << 18)
def surnames(names: str) -> frozenset[str]:
    """Several names separated by `;`, `/`, `&`, `+` or `feat.` → the set of their surnames."""
    folded = _fold(names or "")
    return frozenset(s for s in (surname(part) for part in _NAME_SPLIT_RE.split(folded)) if s)


@lru_cache(maxsize=1 << 16)
def clean_iswc(value: str) -> str:
    """`T-034.524.680-1` → `T0345246801`, empty stays empty; raises IdentifierError (with why) when invalid."""
    return normalize_iswc(value) if value and value.strip() else ""


@lru_cache(maxsize=1 << 16)
def clean_isrc(value: str) -> str:
    """`US-SKG-19-12345` → `USSKG1912345`, empty stays empty; raises IdentifierError when invalid."""
    value = (value or "").strip().upper()
    return normalize_isrc(value.replace(" ", "")) if value else ""
