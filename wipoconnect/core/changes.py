"""The change feed's entries: every write path records which works, parties and share pictures changed.

`record_changes` is the one function writers call (services, bulk imports, delete signals), inside their
transaction, so a change and its feed entry commit together. The feed is read by exchange.changes (the partner API
and sync), which serves each object's state at read time.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from wipoconnect.core.bulk import append_rows
from wipoconnect.core.models import ChangeLog

Kind = ChangeLog.Kind


def record_changes(kind: str, objects: Iterable, *, deleted: bool = False, txid: int | None = None) -> int:
    """Log an upsert (or delete) of each object: works and share pictures take Work rows, parties InterestedParty.

    One query for the transaction id (none when the caller, inside its transaction, passes `current_txid()`) and
    one bulk insert (COPY on PostgreSQL; bulk imports call it once per batch, with plain tuples because model
    instances would cost more than the insert itself).
    """
    action = ChangeLog.Action.DELETE if deleted else ChangeLog.Action.UPSERT
    entries = [(obj.pk, obj.code, _identifier(kind, obj) or "") for obj in objects]
    if not entries:
        return 0
    if txid is None:
        with transaction.atomic():  # the id read and the insert must be one transaction, even for a caller without one
            _append(kind, action, entries, current_txid())
    else:
        _append(kind, action, entries, txid)
    return len(entries)


def _append(kind: str, action: str, entries: list[tuple], txid: int) -> None:
    now = timezone.now()
    append_rows(
        ChangeLog,
        ("txid", "kind", "action", "object_id", "code", "identifier", "at"),
        [(txid, kind, action, pk, code, ident, now) for pk, code, ident in entries],
    )


def _identifier(kind: str, obj) -> str | None:
    return obj.ipi_name if kind == Kind.PARTY else getattr(obj, "iswc", None)


def current_txid() -> int:
    """The writing transaction's id on PostgreSQL (assigned now if needed); 0 elsewhere."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return cursor.fetchone()[0]


def tombstone(sender, instance, **kwargs) -> None:
    """post_delete receiver of Work and InterestedParty (connected by their apps): deletions reach the feed too."""
    kind = Kind.WORK if sender._meta.label_lower == "works.work" else Kind.PARTY
    record_changes(kind, [instance], deleted=True)
