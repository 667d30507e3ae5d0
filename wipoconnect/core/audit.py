"""The audit trail: one AuditEntry per change, with the old and new values of the fields that changed."""

from django.db import models

from wipoconnect.core.models import AuditEntry


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The instance's concrete field values, JSON-friendly, to compare before and after a change."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.name not in {"updated_at"}]
    return {name: _plain(getattr(instance, name)) for name in names}


def record(*, action: str, instance: models.Model, user=None, before: dict | None = None, after: dict | None = None):
    """Write one audit entry; `changes` holds {field: [old, new]} for the fields that differ."""
    before, after = before or {}, after or {}
    changes = {
        k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)
    }
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        model=instance._meta.label_lower,
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _plain(value):
    if value is None or isinstance(value, bool | int | str | float | list | dict):
        return value
    return str(value)
