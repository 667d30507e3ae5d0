"""Plain data the engine takes and returns. No Django: references to parties and works are opaque hashables."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wipoconnect.core.errors import DomainError
from wipoconnect.core.territories import WORLD, WORLDWIDE, TerritoryRecord  # noqa: F401 (engine inputs)

Ref = Hashable

BP = 10_000  # 100 % in basis points (hundredths of a percent), as CWR writes shares
FULL = BP * BP  # 100 % of a work amount in share units: a basis point of a basis point

MEMBER, SOCIETY, SUSPENSE = "member", "society", "suspense"
CARRY_FORWARD, BROUGHT_FORWARD = "carry_forward", "brought_forward"
UNIDENTIFIED, UNCLAIMED, CONFLICT, UNAFFILIATED = "unidentified", "unclaimed", "conflict", "unaffiliated"


class EngineError(DomainError):
    """Inputs the rules cannot distribute; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Party:
    ref: Ref
    code: str  # "P" + 8 digits, assigned once
    ipi_name: str | None = None  # 11 digits

    @property
    def key(self) -> str:
        return self.ipi_name or self.code


@dataclass(slots=True)  # not frozen: built by the hundred thousand
class Share:
    """A writer's or publisher's collection share of a work for the run's right."""

    work: Ref
    party: Ref
    role: str
    share_bp: int
    territories: tuple[TerritoryRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Membership:
    party: Ref
    society: str  # 3 digits
    right: str
    territories: tuple[TerritoryRecord, ...] = WORLDWIDE
    valid_from: date | None = None
    valid_to: date | None = None
    by_staff: bool = False  # staff-entered memberships win over CWR-derived ones


@dataclass(frozen=True, slots=True)
class Agreement:
    """Assignor p moves `share_bp` of its collection share to acquirer q (sub-publishing)."""

    assignor: Ref
    acquirer: Ref
    share_bp: int
    rights: frozenset[str]
    territories: tuple[TerritoryRecord, ...] = WORLDWIDE
    valid_from: date | None = None
    valid_to: date | None = None
    works: frozenset[Ref] | None = None  # None: every work of the assignor
    acquirer_role: str = "SE"


@dataclass(frozen=True, slots=True)
class WorkUsage:
    """An identified work with the summed weight of its usage lines."""

    ref: Ref
    key: str  # ISWC, else the work code
    weight: int


@dataclass(frozen=True, slots=True)
class RunParams:
    gross: int  # minor units
    admin: Decimal  # percent, ≤ 2 decimals
    social: Decimal
    right: str
    territory: str
    society_code: str  # the running society
    on: date  # last day of the run's period: shares, memberships, agreements valid then
    threshold: int = 0  # minimum payment to a member, minor units


@dataclass(frozen=True, slots=True)
class Payee:
    kind: str  # member | society | suspense
    key: str
    party: Ref | None = None
    society: str | None = None


@dataclass(slots=True)  # not frozen: built by the hundred thousand, and frozen init costs twice as much
class ExactLine:
    """A line before rounding: its amount is numerator / the run's denominator."""

    payee: Payee
    work: str  # work key, "" for the unidentified account
    work_ref: Ref | None
    numerator: int
    roles: tuple[str, ...] = ()
    share_units: int = 0  # payee's part of the work amount, FULL = 100 %
    weight: int = 0


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # member | society | suspense | carry_forward | brought_forward
    payee: str
    work: str
    amount: int
    party: Ref | None = None
    society: str | None = None
    work_ref: Ref | None = None
    roles: tuple[str, ...] = ()
    share_units: int = 0
    weight: int = 0

    @property
    def share_percent(self) -> Decimal:
        return Decimal(self.share_units) / (FULL // 100)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.kind, self.payee, self.work)
