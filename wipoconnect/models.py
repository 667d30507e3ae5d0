"""The core's models (jobs, audit trail, record codes), defined in wipoconnect.core.models."""

from wipoconnect.core.models import AuditEntry, CodeSequence, Job

__all__ = ["AuditEntry", "CodeSequence", "Job"]
