from distribution.models.claims import Claim, RunOrigin, SuspenseDraw
from distribution.models.licensing import (
    CollectionPool,
    Declaration,
    Invoice,
    InvoiceLine,
    LicenceAgreement,
    Licensee,
    Payment,
    PaymentAllocation,
    PaymentImport,
    PoolDraw,
    PoolEntry,
    Tariff,
)
from distribution.models.payments import (
    BankAccount,
    CreditTransfer,
    IncomingLine,
    IncomingStatement,
    PaymentBatch,
    PaymentItem,
    WithholdingRate,
)
from distribution.models.related import RecordingKeyDecision, RecordingMatch
from distribution.models.runs import DistributionRun, PayoutLine
from distribution.models.usage import Match, UsageLine, UsageReport

__all__ = ["DistributionRun", "Match", "PayoutLine", "UsageLine", "UsageReport"]
__all__ += [
    "CollectionPool",
    "Declaration",
    "Invoice",
    "InvoiceLine",
    "LicenceAgreement",
    "Licensee",
    "Payment",
    "PaymentAllocation",
    "PaymentImport",
    "PoolDraw",
    "PoolEntry",
    "Tariff",
]
__all__ += ["BankAccount", "Claim", "CreditTransfer", "IncomingLine", "IncomingStatement", "PaymentBatch"]
__all__ += ["PaymentItem", "RunOrigin", "SuspenseDraw", "WithholdingRate"]
__all__ += ["RecordingKeyDecision", "RecordingMatch"]
