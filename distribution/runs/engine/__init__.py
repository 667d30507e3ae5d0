"""The money engine of distribution-rules.md: plain data in, payout lines out. No Django imports.

Amounts are integers in minor units; exact amounts are integer numerators over one run-wide denominator
(weight of the run × 100 % in share units), i.e. exact fractions without Fraction's per-operation cost.
"""

from .allocation import Allocation, allocate, usage_weight
from .deductions import Deductions, deduct, parse_percent
from .lines import exact_lines, unidentified_line, work_lines
from .minimum import MinimumOutcome, apply_minimum, decide_minimum, member_totals
from .model import (
    BP,
    BROUGHT_FORWARD,
    CARRY_FORWARD,
    CONFLICT,
    FULL,
    MEMBER,
    SOCIETY,
    SUSPENSE,
    UNAFFILIATED,
    UNCLAIMED,
    UNIDENTIFIED,
    WORLD,
    WORLDWIDE,
    Agreement,
    EngineError,
    ExactLine,
    Line,
    Membership,
    Party,
    Payee,
    RunParams,
    Share,
    TerritoryRecord,
    WorkUsage,
)
from .payees import PayeeResolver, choose_society
from .rounding import largest_remainders, round_lines
from .run import ACCOUNTS, KINDS, RunInput, RunResult, Summary, calculate, summarize
from .shares import AgreementIndex, Picture, share_picture

__all__ = [
    "ACCOUNTS",
    "BP",
    "BROUGHT_FORWARD",
    "CARRY_FORWARD",
    "CONFLICT",
    "FULL",
    "KINDS",
    "MEMBER",
    "SOCIETY",
    "SUSPENSE",
    "UNAFFILIATED",
    "UNCLAIMED",
    "UNIDENTIFIED",
    "WORLD",
    "WORLDWIDE",
    "Agreement",
    "AgreementIndex",
    "Allocation",
    "Deductions",
    "EngineError",
    "ExactLine",
    "Line",
    "Membership",
    "MinimumOutcome",
    "Party",
    "Payee",
    "PayeeResolver",
    "Picture",
    "RunInput",
    "RunParams",
    "RunResult",
    "Share",
    "Summary",
    "TerritoryRecord",
    "WorkUsage",
    "allocate",
    "apply_minimum",
    "calculate",
    "choose_society",
    "deduct",
    "decide_minimum",
    "exact_lines",
    "largest_remainders",
    "member_totals",
    "parse_percent",
    "round_lines",
    "share_picture",
    "summarize",
    "unidentified_line",
    "usage_weight",
    "work_lines",
]
