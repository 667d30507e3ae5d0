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
from distribution.runs.claim_models import Claim, RunOrigin, SuspenseDraw
from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.models import Match, UsageLine, UsageReport
from distribution.usage.recording_models import RecordingKeyDecision, RecordingMatch

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
