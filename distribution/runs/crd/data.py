"""What a CRD file says: one distribution of a remitting society to a sister society. Plain dataclasses."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class CrdIp:
    """MIP: an interested party of the work represented by the recipient society."""

    ipi_name: str  # 11 digits, or "" when unknown
    name: str
    role: str  # CWR role code (CA, A, C, E, ...)
    society: str  # 3-digit society code
    share: int  # hundredths of a percent (5000 = 50.00 %), as CWR shares


@dataclass(frozen=True)
class CrdExploitation:
    """WER: the amount for one IP share of one exploitation (here: the run's usage of the work)."""

    ipi_name: str  # the MIP it pays ("" when the society's line could not be split by party)
    right_type: str
    territory: str  # TIS numeric code
    period_start: date
    period_end: date
    usage_count: int  # plays or seconds, as the run weighs
    share: int  # hundredths of a percent
    amount: int  # minor units of `currency`
    currency: str


@dataclass(frozen=True)
class CrdWork:
    """MWN: one work and what it pays."""

    society_work_id: str
    iswc: str
    title: str
    ips: tuple[CrdIp, ...] = ()
    exploitations: tuple[CrdExploitation, ...] = ()

    @property
    def amount(self) -> int:
        return sum(e.amount for e in self.exploitations)


@dataclass(frozen=True)
class CrdDistribution:
    """SDN: the distribution notification, from `sender` to `recipient`."""

    sender: str  # 3-digit society code of the remitting society
    sender_name: str
    recipient: str
    distribution_id: str
    distribution_date: date
    currency: str
    right_type: str
    territory: str
    period_start: date
    period_end: date
    created: datetime
    works: tuple[CrdWork, ...] = field(default=())

    @property
    def amount(self) -> int:
        return sum(w.amount for w in self.works)
