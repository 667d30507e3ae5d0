from distribution.licensing.models import (
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
from distribution.payments.models import (
    BankAccount,
    CreditTransfer,
    IncomingLine,
    IncomingStatement,
    PaymentBatch,
    PaymentItem,
    WithholdingRate,
)
from distribution.runs.models import Claim, DistributionRun, PayoutLine, RunOrigin, SuspenseDraw
from distribution.usage.models import Match, RecordingKeyDecision, RecordingMatch, UsageLine, UsageReport

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
