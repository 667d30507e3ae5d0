"""Scores (0–100) of a work as the identification of a usage key, with rapidfuzz on titles and names.

score = 60 % title similarity + 40 % name agreement. Title similarity is the best over the work's titles
(original and alternates) of the plain and the word-order-insensitive ratio. Name agreement is the share of the
shorter of the two surname sets (usage vs work, writers or performers) that matches, a surname matching when it is
equal or at least NAME_SIMILARITY alike (a typo). A usage line without any name cannot confirm who wrote it: its
score is the title similarity × TITLE_ONLY_FACTOR, so it never reaches auto-acceptance on its own.
A work whose titles are less than MIN_TITLE alike is no candidate at all, whoever wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

TITLE_WEIGHT = 0.6
NAME_WEIGHT = 0.4
TITLE_ONLY_FACTOR = 0.8
NAME_SIMILARITY = 85.0
MIN_TITLE = 70.0


@dataclass(frozen=True, slots=True)
class Scored:
    work_id: int
    score: float
    title: float
    names: float | None  # None when the usage line or the work has no names to compare


def title_similarity(query: str, titles: Iterable[str]) -> float:
    best = 0.0
    for t in titles:
        best = max(best, fuzz.ratio(query, t), fuzz.token_sort_ratio(query, t))
        if best == 100.0:
            break
    return best


def _matched(query: frozenset[str], known: frozenset[str]) -> int:
    exact = query & known
    close = sum(
        1 for name in query - exact if process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY)
    )
    return len(exact) + close


def name_agreement(query: frozenset[str], known: frozenset[str]) -> float | None:
    if not query or not known:
        return None
    return 100.0 * _matched(query, known) / min(len(query), len(known))


def score_work(
    work_id: int,
    *,
    title: str,
    writers: frozenset[str],
    artists: frozenset[str],
    work_titles: Iterable[str],
    work_people: frozenset[str],
    knows_performers: bool = True,
    title_score: float | None = None,
) -> Scored:
    """Licensees mix writers and performers up (singer-songwriters): each usage set is compared with all the
    work's people. An artist we cannot find proves nothing when we know no performer of the work (no recording):
    that comparison is then left out rather than counted against the work. `title_score`: the title similarity
    when the caller knows it already."""
    if title_score is None:
        title_score = title_similarity(title, work_titles)
    if title_score < MIN_TITLE:  # no candidate whatever the names: spare the name comparisons
        return Scored(work_id, round(title_score * TITLE_ONLY_FACTOR, 1), title_score, None)
    names = name_agreement(writers, work_people)
    by_artist = name_agreement(artists, work_people)
    if by_artist is not None and (by_artist > 0 or knows_performers):
        names = by_artist if names is None else max(names, by_artist)
    if names is None:
        return Scored(work_id, round(title_score * TITLE_ONLY_FACTOR, 1), title_score, None)
    return Scored(work_id, round(TITLE_WEIGHT * title_score + NAME_WEIGHT * names, 1), title_score, names)
