"""Invoicing periods: '2026', '2026-03', '2026-Q1' or 'YYYY-MM-DD..YYYY-MM-DD', and months covered exactly."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .errors import LicensingError


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m[1])
            return Period(date(year, 1, 1), date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            year, quarter = int(m[1]), int(m[2])
            return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return Period(date(int(m[1]), int(m[2]), 1), _month_end(int(m[1]), int(m[2])))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            period = Period(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
            if period.end < period.start:
                raise LicensingError(f"period {text!r}: ends before it starts")
            return period
    except ValueError as exc:
        if isinstance(exc, LicensingError):
            raise
        raise LicensingError(f"period {text!r}: {exc}") from None
    raise LicensingError(f"period {text!r}: use YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD")


def covered_months(period: Period, valid_from: date, valid_to: date | None) -> Fraction:
    """How many months of `period` the validity [valid_from, valid_to] covers, each month counted by its days
    (a licence starting on 16 April covers 15/30 of April)."""
    first, last = max(period.start, valid_from), min(period.end, valid_to or period.end)
    months = Fraction(0)
    day = first
    while day <= last:
        month_end = _month_end(day.year, day.month)
        upto = min(month_end, last)
        months += Fraction((upto - day).days + 1, month_end.day)
        day = upto + timedelta(days=1)
    return months
