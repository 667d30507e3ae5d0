"""Neighbouring rights: a recording's amount split between its producers and performers. No Django imports.

A recording gets `N·W_r/W` exactly as a work does (steps 2–3). Its producers share `producers` percent of it by
their ownership shares valid in T on the run's day (a producer share with territory records collects only where
they include T, as in step 4); the performers share the rest: the featured group (main and featured artists) and
the non-featured group (session musicians, backing vocalists) by configurable weights, equal parts per head
within a group. A group with nobody on the recording leaves its part to the other group; a recording without
performers, or whose producer shares sum to less than 100 %, leaves the rest to the *unclaimed* account; producer
shares above 100 % send the whole recording amount to *conflict*. Payees, rounding, minimum payment and the
summary are the engine's own (steps 6–9), unchanged.

Performers' parts can be thirds or sevenths: parts are exact Fractions, brought to one run-wide denominator
(weight of the run × the least common multiple of the parts' denominators) before rounding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import lcm

from wipoconnect.core.territories import collection_share

from .allocation import Allocation, allocate
from .deductions import deduct, parse_percent
from .minimum import apply_minimum
from .model import (
    BP,
    CONFLICT,
    FULL,
    SUSPENSE,
    UNCLAIMED,
    UNIDENTIFIED,
    EngineError,
    ExactLine,
    Membership,
    Party,
    Payee,
    Ref,
    RunParams,
    TerritoryRecord,
    WorkUsage,
)
from .payees import PayeeResolver
from .rounding import round_lines
from .run import RunResult, summarize

MAIN, FEATURED, NON_FEATURED, PRODUCER = "main", "featured", "non_featured", "producer"
PERFORMER_ROLES = (MAIN, FEATURED, NON_FEATURED)
UNCLAIMED_PAYEE = Payee(SUSPENSE, UNCLAIMED)


@dataclass(frozen=True, slots=True)
class RelatedSplit:
    """Settings of a neighbouring-rights run: producers' percent, then featured / non-featured group weights."""

    producers: Decimal = Decimal(50)
    featured_weight: Decimal = Decimal(1)
    non_featured_weight: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "producers", parse_percent(self.producers, "producers' share"))
        for name in ("featured_weight", "non_featured_weight"):
            value = Decimal(str(getattr(self, name)))
            if not value.is_finite() or value < 0:
                raise EngineError(f"{name.replace('_', ' ')} {value}: must be a number ≥ 0")
            object.__setattr__(self, name, value)
        if self.featured_weight + self.non_featured_weight == 0:
            raise EngineError("featured and non-featured weights are both 0: the performers' part has no taker")

    def group_parts(self, featured: bool, non_featured: bool) -> tuple[Fraction, Fraction]:
        """Parts of the performers' share for the two groups, given which groups have someone on the recording."""
        wf, wn = Fraction(self.featured_weight), Fraction(self.non_featured_weight)
        if featured and non_featured:
            return wf / (wf + wn), wn / (wf + wn)
        return Fraction(int(featured)), Fraction(int(non_featured))


@dataclass(frozen=True, slots=True)
class Contributor:
    recording: Ref
    party: Ref
    role: str  # main | featured | non_featured


@dataclass(frozen=True, slots=True)
class ProducerShare:
    recording: Ref
    party: Ref
    share_bp: int  # ownership, basis points
    territories: tuple[TerritoryRecord, ...] = ()  # none: collects everywhere
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class RelatedPicture:
    entries: tuple[tuple[Ref, str, Fraction], ...]  # (party, role, part of the recording amount)
    unclaimed: Fraction = Fraction(0)
    conflict: str | None = None


def _valid(share: ProducerShare, on: date) -> bool:
    return (share.valid_from is None or share.valid_from <= on) and (share.valid_to is None or on <= share.valid_to)


def recording_picture(
    contributors: Iterable[Contributor],
    producers: Iterable[ProducerShare],
    split: RelatedSplit,
    territory: str,
    on: date,
) -> RelatedPicture:
    """Who gets which part of one recording's amount (parts and unclaimed sum to exactly 1)."""
    collected = [(p.party, collection_share(p.territories, territory, p.share_bp)) for p in producers if _valid(p, on)]
    total = sum(bp for _, bp in collected)
    if total > BP:
        return RelatedPicture((), conflict=f"producer shares sum to {total // 100}.{total % 100:02d} % (over 100 %)")
    entries = [(party, PRODUCER, _producer_part(split.producers, bp)) for party, bp in collected if bp]
    featured, non_featured = [], []
    for contributor in contributors:
        if contributor.role not in PERFORMER_ROLES:
            raise EngineError(f"recording {contributor.recording!r}: unknown performer role {contributor.role!r}")
        (non_featured if contributor.role == NON_FEATURED else featured).append(contributor)
    each_featured, each_non_featured, left = _head_parts(split, len(featured), len(non_featured))
    entries += [(c.party, c.role, each_featured) for c in featured]
    entries += [(c.party, c.role, each_non_featured) for c in non_featured]
    return RelatedPicture(tuple(entries), unclaimed=_producer_part(split.producers, BP - total) + left)


# Pictures repeat the same few parts (a 50 % producer, one of three session players): computed once per run.
@lru_cache(maxsize=4096)
def _producer_part(producers: Decimal, bp: int) -> Fraction:
    return Fraction(producers) / 100 * bp / BP


@lru_cache(maxsize=4096)
def _head_parts(split: RelatedSplit, featured: int, non_featured: int) -> tuple[Fraction, Fraction, Fraction]:
    """Part of each featured and each non-featured performer, and the performers' part nobody takes."""
    performers = 1 - Fraction(split.producers) / 100
    featured_part, non_featured_part = split.group_parts(featured > 0, non_featured > 0)
    each_featured = performers * featured_part / featured if featured else Fraction(0)
    each_non_featured = performers * non_featured_part / non_featured if non_featured else Fraction(0)
    return each_featured, each_non_featured, performers if not featured and not non_featured else Fraction(0)


@dataclass(frozen=True)
class _Part:
    payee: Payee
    recording: WorkUsage
    part: Fraction
    roles: tuple[str, ...]


def recording_parts(
    recording: WorkUsage,
    contributors: Iterable[Contributor],
    producers: Iterable[ProducerShare],
    split: RelatedSplit,
    payees: PayeeResolver,
    params: RunParams,
) -> tuple[list[_Part], str | None]:
    """Parts of one recording per payee (a payee's shares in the recording added first, as in step 7)."""
    picture = recording_picture(contributors, producers, split, params.territory, params.on)
    if picture.conflict:
        return [_Part(Payee(SUSPENSE, CONFLICT), recording, Fraction(1), ())], picture.conflict
    parts: dict[Payee, Fraction] = {}
    roles: dict[Payee, set[str]] = defaultdict(set)
    for party, role, part in picture.entries:
        payee = payees.payee(party)
        parts[payee] = parts[payee] + part if payee in parts else part
        roles[payee].add(role)
    if picture.unclaimed:
        parts[UNCLAIMED_PAYEE] = picture.unclaimed
    return [_Part(p, recording, x, tuple(sorted(roles[p]))) for p, x in parts.items() if x], None


def exact_related_lines(
    parts: list[_Part], allocation: Allocation, scale: int | None = None
) -> tuple[list[ExactLine], int]:
    """Exact lines over one denominator, W × `scale` (by default the lcm of the parts' denominators; any common
    multiple of them rounds the same), and that denominator."""
    denominators = {p.part.denominator for p in parts}
    scale = scale or lcm(1, *denominators)
    if any(scale % d for d in denominators):
        raise EngineError(f"related lines: scale {scale} is not a multiple of every part's denominator")
    net = allocation.net
    lines = [
        ExactLine(
            payee=p.payee,
            work=p.recording.key,
            work_ref=p.recording.ref,
            numerator=net * allocation.work_weights[p.recording.ref] * p.part.numerator * (scale // p.part.denominator),
            roles=p.roles,
            share_units=p.part.numerator * FULL // p.part.denominator,
            weight=allocation.work_weights[p.recording.ref],
        )
        for p in parts
    ]
    if allocation.unidentified_weight:
        weight = allocation.unidentified_weight
        payee = Payee(SUSPENSE, UNIDENTIFIED)
        lines.append(ExactLine(payee, "", None, net * weight * scale, share_units=FULL, weight=weight))
    return lines, allocation.total_weight * scale


def common_scale(split: RelatedSplit, head_counts: Iterable[tuple[int, int]]) -> int:
    """A multiple of the denominator of every part in a run whose recordings have these (featured, non-featured)
    performer counts: the chunks of one run share it, so their remainders compare. Producer parts are multiples
    of producers/100/BP; the unclaimed part adds the performers' part (1 − producers/100)."""
    producers = Fraction(split.producers) / 100
    scale = lcm((producers / BP).denominator, (1 - producers).denominator)
    for featured, non_featured in set(head_counts):
        scale = lcm(scale, *(part.denominator for part in _head_parts(split, featured, non_featured)))
    return scale


def related_lines(
    recordings: Iterable[WorkUsage],
    contributors: Iterable[Contributor],
    producers: Iterable[ProducerShare],
    split: RelatedSplit,
    payees: PayeeResolver,
    params: RunParams,
    allocation: Allocation,
    scale: int | None = None,
) -> tuple[list[ExactLine], int, dict[str, str]]:
    """Exact lines of some recordings (a chunk of a run, or all of it), their denominator and the conflicts."""
    by_contributor, by_producer = _by_recording(contributors), _by_recording(producers)
    parts: list[_Part] = []
    conflicts: dict[str, str] = {}
    seen: set[Ref] = set()
    for recording in recordings:
        if recording.ref in seen:
            continue
        seen.add(recording.ref)
        found, conflict = recording_parts(
            recording, by_contributor.get(recording.ref, ()), by_producer.get(recording.ref, ()), split, payees, params
        )
        parts.extend(found)
        if conflict:
            conflicts[recording.key] = conflict
    exact, denominator = exact_related_lines(parts, allocation, scale)
    return exact, denominator, conflicts


@dataclass(frozen=True)
class RelatedRunInput:
    params: RunParams  # right: RELATED_RIGHT
    split: RelatedSplit
    recordings: tuple[WorkUsage, ...]  # identified recordings: ref, key (ISRC, else recording code), weight
    unidentified: Mapping[str, int]  # usage key → weight
    contributors: tuple[Contributor, ...]
    producers: tuple[ProducerShare, ...]
    parties: Mapping[Ref, Party]
    memberships: tuple[Membership, ...] = ()
    balances: Mapping[Ref, int] = field(default_factory=dict)


def calculate_related(run: RelatedRunInput) -> RunResult:
    """A whole neighbouring-rights run in memory: the lines sum exactly to N, then the minimum payment."""
    params = run.params
    deductions = deduct(params.gross, params.admin, params.social)
    allocation = allocate(deductions.net, run.recordings, run.unidentified)
    payees = PayeeResolver(run.parties, run.memberships, params)
    exact, denominator, conflicts = related_lines(
        run.recordings, run.contributors, run.producers, run.split, payees, params, allocation
    )
    lines = round_lines(exact, deductions.net, denominator)
    lines, balances = apply_minimum(lines, run.balances, params.threshold)
    lines.sort(key=lambda line: line.sort_key)
    summary = summarize(deductions, ((x.kind, x.payee, x.amount) for x in lines), conflicts)
    return RunResult(summary=summary, lines=lines, balances=balances, allocation=allocation)


def _by_recording(items: Iterable) -> dict[Ref, list]:
    grouped: dict[Ref, list] = defaultdict(list)
    for item in items:
        grouped[item.recording].append(item)
    return grouped
