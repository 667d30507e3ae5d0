"""A candidate index over the repertoire: exact maps for identifiers and titles, inverted token indexes for
fuzzy candidates.

Built once per identification batch from plain `WorkEntry` values (100k works in a few seconds). Fuzzy candidates
come from title words and writer/performer surnames weighted by rarity (idf); a word the repertoire does not know
(a typo) is looked up through a one-edit deletion dictionary of the vocabulary (SymSpell, distance 1), so
"Yesterdya" still finds the postings of "YESTERDAY" without scanning the repertoire.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from distribution.usage.matching import normalize

MAX_CANDIDATES = 12
RARE_POSTINGS = 400  # longer lists (common words, prolific writers) count only where two of them meet
MAX_COMMON_LISTS = 3
RANK_BY_COMMON = 1000
COMMON_PAIR_LIMIT = 5000
PAIR_CACHE = 200_000  # intersections of common lists remembered
_COUNT = itemgetter(1)


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """What identification knows of one work: ids, all its titles, its writers' and performers' names."""

    id: int
    key: str  # distribution-rules.md work key: ISWC, else the work code
    code: str = ""
    iswc: str = ""
    titles: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()  # last names or full names, one per writer
    performers: tuple[str, ...] = ()  # recording artists and performers, one name per entry


def _append_once(works: list[int], work_id: int) -> None:
    """Works are indexed one after the other, so a repeat can only be the last id of a list."""
    if not works or works[-1] != work_id:
        works.append(work_id)


def sorted_words(title: str) -> str:
    return " ".join(sorted(title.split()))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) > 3 else set()


@dataclass
class _Vocabulary:
    """Word → postings (work ids), with a deletion dictionary to find known words one edit away."""

    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    near: dict[str, list[str]] = field(default_factory=dict)

    def add(self, word: str, work_id: int) -> None:
        postings = self.postings[word]
        if not postings or postings[-1] != work_id:
            postings.append(work_id)

    def freeze(self) -> None:
        self.postings = dict(self.postings)
        near: dict[str, list[str]] = defaultdict(list)
        for word in self.postings:
            for variant in _deletions(word) | {word}:
                near[variant].append(word)
        self.near = dict(near)

    def lookup(self, word: str) -> list[list[int]]:
        """Postings of the word, or of the known words one edit away when the word itself is unknown."""
        found = self.postings.get(word)
        if found is not None:
            return [found]
        close = {w for v in _deletions(word) | {word} for w in self.near.get(v, ())}
        return [self.postings[w] for w in sorted(close)]


class RepertoireIndex:
    def __init__(self, works: Iterable[WorkEntry] = ()) -> None:
        self.by_iswc: dict[str, int] = {}
        self.by_isrc: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.by_title_name: dict[tuple[str, str], list[int]] = defaultdict(list)  # (title, surname) → works
        self.by_words: dict[str, list[int]] = defaultdict(list)  # title words sorted: "TRAIN MIDNIGHT" = swapped
        self.keys: dict[int, str] = {}
        self.display: dict[int, str] = {}  # the work's main title as written, for review screens
        self.titles: dict[int, tuple[str, ...]] = {}
        self.writers: dict[int, frozenset[str]] = {}
        self.performers: dict[int, frozenset[str]] = {}
        self.people: dict[int, frozenset[str]] = {}  # writers and performers together, what names are compared with
        self._title_words = _Vocabulary()
        self._name_words = _Vocabulary()
        self._frozen = False
        self._sets: dict[int, set[int]] = {}  # postings of common words and names as sets, made when first needed
        self._pairs: dict[tuple[int, int], set[int]] = {}  # works in two common lists, by the lists' ids
        for work in works:
            self.add(work)

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, work: WorkEntry) -> None:
        titles = tuple(dict.fromkeys(t for t in map(normalize.title, work.titles) if t))
        writers = frozenset(s for s in map(normalize.surname, work.writers) if s)
        performers = frozenset().union(*map(normalize.surnames, work.performers)) if work.performers else frozenset()
        self.keys[work.id] = work.key
        self.display[work.id] = work.titles[0] if work.titles else ""
        self.titles[work.id] = titles
        self.writers[work.id] = writers
        self.performers[work.id] = performers
        self.people[work.id] = writers | performers
        if work.iswc:
            self.by_iswc[work.iswc] = work.id
        if work.code:
            self.by_code[work.code.upper()] = work.id
        for t in titles:  # distinct titles of a work added once: no duplicate ids (lists may be long: no search)
            self.by_title[t].append(work.id)
            _append_once(self.by_words[sorted_words(t)], work.id)
            for word in t.split():
                self._title_words.add(word, work.id)
        for name in writers | performers:
            self._name_words.add(name, work.id)
        self._index_title_names(work.id, titles, writers | performers)

    def _index_title_names(self, work_id: int, titles: Iterable[str], names: Iterable[str]) -> None:
        for t in titles:
            for name in names:
                _append_once(self.by_title_name[(t, name)], work_id)

    def exact(self, title: str, names: Iterable[str]) -> list[int]:
        """Works with this normalized title (or alternate title) and at least one of these surnames."""
        found = [w for n in names for w in self.by_title_name.get((title, n), ())]
        return list(dict.fromkeys(found))

    def add_recording(self, isrc: str, work_id: int, artist: str = "") -> None:
        """A recording of a known work: its ISRC identifies the work, its artist counts as a performer."""
        if work_id not in self.keys:
            return
        if isrc:
            self.by_isrc[isrc] = work_id
        names = normalize.surnames(artist) - self.people[work_id]
        if names:
            self.performers[work_id] = self.performers[work_id] | names
            self.people[work_id] = self.people[work_id] | names
            for name in names:
                self._name_words.add(name, work_id)
            self._index_title_names(work_id, self.titles[work_id], names)

    def freeze(self) -> None:
        """Finish building (deletion dictionaries); lookups are valid only after this."""
        self._title_words.freeze()
        self._name_words.freeze()
        self.by_title = dict(self.by_title)
        self.by_words = dict(self.by_words)
        self.by_title_name = dict(self.by_title_name)
        self._frozen = True

    def _add_common_pairs(self, lists: list[list[int]], counts: Counter) -> None:
        """Two common lists (a prolific writer and a common word) together are rare: count works in both."""
        for i in range(len(lists)):
            for j in range(i + 1, len(lists)):
                if min(len(lists[i]), len(lists[j])) <= COMMON_PAIR_LIMIT:
                    both = self._both(lists[i], lists[j])
                    counts.update(both)
                    counts.update(both)

    def _both(self, first: list[int], second: list[int]) -> set[int]:
        """Works in both lists; the same pairs of common words and names come back query after query."""
        pair = (id(first), id(second))
        found = self._pairs.get(pair)
        if found is None:
            if len(self._pairs) >= PAIR_CACHE:
                self._pairs.clear()
            found = self._pairs[pair] = self._set_of(first) & self._set_of(second)
        return found

    def _set_of(self, postings: list[int]) -> set[int]:
        found = self._sets.get(id(postings))
        if found is None:
            found = self._sets[id(postings)] = set(postings)
        return found

    def candidates(self, title: str, names: Iterable[str], limit: int = MAX_CANDIDATES) -> list[int]:
        """Works sharing the rarest title words and surnames with the query, best first.

        Common words ("LOVE") would make every query walk thousands of postings for little evidence, so lists
        longer than RARE_POSTINGS count only for works found in two of them (intersections of sets).
        """
        if not self._frozen:
            self.freeze()
        same_words = self.by_words.get(sorted_words(title), [])
        # In a fixed order (words as written, names sorted): ties between equally long lists are then broken the
        # same way in every process, whatever its hash seed.
        lists = [p for w in dict.fromkeys(title.split()) for p in self._title_words.lookup(w)]
        lists += [p for n in sorted(set(names)) for p in self._name_words.lookup(n)]
        if not lists:
            return same_words[:limit]
        lists.sort(key=len)
        rare = next((i for i, postings in enumerate(lists) if len(postings) > RARE_POSTINGS), len(lists))
        counts = Counter(chain.from_iterable(lists[:rare]))  # shared lists per work, counted in C
        common = lists[rare : rare + MAX_COMMON_LISTS]
        self._add_common_pairs(common, counts)
        if 0 < len(counts) <= RANK_BY_COMMON:  # common words still break ties among the rare finds
            for postings in common:
                counts.update(self._set_of(postings).intersection(counts))  # works already counted: order kept
        # what Counter.most_common does (the first `limit` of a stable sort by count), without its Python loop
        best = [w for w, _ in sorted(counts.items(), key=_COUNT, reverse=True)[:limit]] if counts else lists[0][:limit]
        # Works with the same words (exact or swapped title) always compete, however common their words are.
        return list(dict.fromkeys(same_words[:limit] + best))
