"""Steps 2–3: weights and pools. Work w gets exactly N·W_w/W; unidentified usage gets N·W_u/W."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .model import FULL, EngineError, Ref, WorkUsage

DEFAULT_DURATION = 180  # seconds, for a line and work without a duration


def usage_weight(plays: int, weighting: str, duration: int | None = None, work_duration: int | None = None) -> int:
    """Weight of one usage line: plays, or plays × seconds (line's, else work's, else 180 s)."""
    if weighting == "plays":
        return plays
    if weighting == "duration":
        return plays * (duration or work_duration or DEFAULT_DURATION)
    raise EngineError(f"weighting {weighting!r}: use 'plays' or 'duration'")


@dataclass(frozen=True)
class Allocation:
    """Exact pools over one denominator, so every line of the run is numerator / `denominator`."""

    net: int
    total_weight: int
    work_weights: Mapping[Ref, int]
    unidentified_weights: Mapping[str, int] = field(default_factory=dict)  # usage key → weight, kept for claims

    @property
    def unidentified_weight(self) -> int:
        return sum(self.unidentified_weights.values())

    @property
    def denominator(self) -> int:
        return self.total_weight * FULL

    def work_amount(self, work: Ref) -> Fraction:
        return Fraction(self.net * self.work_weights[work], self.total_weight)

    def unidentified_amount(self) -> Fraction:
        return Fraction(self.net * self.unidentified_weight, self.total_weight)

    def numerator(self, weight: int, units: int) -> int:
        """Numerator of `units` (FULL = 100 %) of the pool of `weight`."""
        return self.net * weight * units


def allocate(net: int, works: Iterable[WorkUsage], unidentified: Mapping[str, int]) -> Allocation:
    weights: dict[Ref, int] = {}
    for work in works:
        if work.weight < 0:
            raise EngineError(f"work {work.key}: negative weight {work.weight}")
        weights[work.ref] = weights.get(work.ref, 0) + work.weight
    if any(w < 0 for w in unidentified.values()):
        raise EngineError("unidentified usage: negative weight")
    total = sum(weights.values()) + sum(unidentified.values())
    if total == 0:
        raise EngineError("the run's usage weighs nothing (W = 0): no usage lines or all with 0 plays")
    return Allocation(net=net, total_weight=total, work_weights=weights, unidentified_weights=dict(unidentified))
