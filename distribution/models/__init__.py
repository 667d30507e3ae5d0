from distribution.models.runs import DistributionRun, PayoutLine
from distribution.models.usage import Match, UsageLine, UsageReport

__all__ = ["DistributionRun", "Match", "PayoutLine", "UsageLine", "UsageReport"]
