"""The identification cascade for one usage key; it stops at the first confident hit (domain.md §6.1).

1. licensee work reference equal to one of our work codes → auto, method `work_ref`
2. ISWC (valid check digit, already checked at import) of a work → auto, method `iswc`
3. ISRC of a recording of a work → auto, method `isrc`
4. normalized title (original or alternate) equal and a writer or performer surname in common → `exact`:
   auto when exactly one such work has all the reported writers, review otherwise
5. fuzzy: candidates from the index scored by `score.score_work` → auto when the best score reaches
   `auto`, its title similarity `min_title_auto`, its names agree and it leads the next work by `margin`;
   review when it reaches `review`; else unidentified.
Scores are 0–100; identifier and exact hits score 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from distribution.usage.matching.index import RepertoireIndex
from distribution.usage.matching.keys import UsageKey
from distribution.usage.matching.score import MIN_TITLE, Scored, name_agreement, score_work, title_similarity

AUTO, REVIEW, UNIDENTIFIED = "auto", "review", "unidentified"
MAX_REVIEW_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Thresholds:
    auto: float = 90.0
    review: float = 60.0
    min_title_auto: float = 88.0
    margin: float = 5.0


@dataclass(frozen=True, slots=True)
class Result:
    status: str
    work_id: int | None = None
    method: str = ""
    score: float | None = None
    candidates: tuple[tuple[int, float], ...] = ()  # (work id, score), best first; for review


UNMATCHED = Result(UNIDENTIFIED)


class Engine:
    def __init__(self, index: RepertoireIndex, thresholds: Thresholds | None = None) -> None:
        self.index = index
        self.thresholds = thresholds or Thresholds()
        index.freeze()
        # Lines that differ only by identifiers unknown to us share their title-and-names identification.
        self._by_names = lru_cache(maxsize=1 << 17)(self._identify_by_names)

    def identify(self, key: UsageKey) -> Result:
        index = self.index
        for method, value, table in (
            ("work_ref", key.work_ref, index.by_code),
            ("iswc", key.iswc, index.by_iswc),
            ("isrc", key.isrc, index.by_isrc),
        ):
            work_id = table.get(value) if value else None
            if work_id is not None:
                return Result(AUTO, work_id, method, 100.0)
        if not key.title:
            return UNMATCHED
        return self._by_names(key.title, key.writers, key.artists)

    def _identify_by_names(self, title: str, writers: frozenset[str], artists: frozenset[str]) -> Result:
        exact = self._exact(title, writers | artists)
        if exact:
            # A writer the work does not have is evidence against it: such a work is only a candidate.
            agreeing = [w for w in exact if name_agreement(writers, self.index.people[w]) in (None, 100.0)]
            if len(agreeing) == 1:
                return Result(AUTO, agreeing[0], "exact", 100.0)
            ranked = agreeing + [w for w in exact if w not in agreeing]
            return Result(REVIEW, ranked[0], "exact", 100.0, tuple((w, 100.0) for w in ranked[:MAX_REVIEW_CANDIDATES]))
        return self._fuzzy(title, writers, artists)

    def _exact(self, title: str, names: frozenset[str]) -> list[int]:
        return sorted(self.index.exact(title, names))

    def _fuzzy(self, title: str, writers: frozenset[str], artists: frozenset[str]) -> Result:
        index, limits = self.index, self.thresholds
        titles, people, performers = index.titles, index.people, index.performers
        scored = []
        for w in index.candidates(title, writers | artists):
            title_score = title_similarity(title, titles[w])
            if title_score >= MIN_TITLE:  # a work less alike is no candidate, whoever wrote it: not even scored
                scored.append(
                    score_work(
                        w,
                        title=title,
                        writers=writers,
                        artists=artists,
                        work_titles=titles[w],
                        work_people=people[w],
                        knows_performers=bool(performers[w]),
                        title_score=title_score,
                    )
                )
        scored.sort(key=lambda s: (-s.score, s.work_id))
        if not scored or scored[0].score < limits.review:
            return UNMATCHED
        best = scored[0]
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        status = AUTO if self._confident(best, runner_up) else REVIEW
        candidates = tuple((s.work_id, s.score) for s in scored[:MAX_REVIEW_CANDIDATES] if s.score >= limits.review)
        return Result(status, best.work_id, "fuzzy", best.score, candidates if status == REVIEW else ())

    def _confident(self, best: Scored, runner_up: float) -> bool:
        limits = self.thresholds
        return (
            best.score >= limits.auto
            and best.title >= limits.min_title_auto
            and best.names is not None
            and best.names > 0
            and best.score - runner_up >= limits.margin
        )
