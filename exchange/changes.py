"""Reading the change feed (entries written by wipoconnect.core.changes): entries after a cursor, each with its
object's state at read time (upserts are idempotent, so reading an entry twice is harmless)."""

from django.db import connection
from django.db.models import Q

from exchange import feed_payloads
from wipoconnect.core.models import ChangeLog

FEED_PAGE = 500  # entries per feed page
Kind = ChangeLog.Kind


def _settled_below() -> tuple[int | None, int | None]:
    """(horizon, own txid). Every transaction of this database below the horizon has ended: the lowest id of a
    transaction still writing here, else the snapshot's xmax. Transactions of other databases of the cluster
    (the ids are cluster-wide) are ignored, so they never hold the feed back. Our own transaction's rows are
    visible to us (tests, a read inside a write). Needs the application's database user to see its own sessions
    in pg_stat_activity, which it always does.
    """
    if connection.vendor != "postgresql":
        return None, None
    with connection.cursor() as cursor:
        # Two statements, in this order: every id below xmax was assigned before the second one runs, so one of
        # them still writing shows in pg_stat_activity; the ids assigned meanwhile are at or above xmax.
        cursor.execute(
            "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,"
            " pg_current_xact_id_if_assigned()::text::bigint"
        )
        xmax, own = cursor.fetchone()
        cursor.execute(
            "SELECT min(backend_xid::text::bigint) FROM pg_stat_activity"
            " WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        oldest_writing = cursor.fetchone()[0]
    return min(xmax, oldest_writing or xmax), own


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    """`<txid>.<id>` → (txid, id); empty means the beginning. Raises ValueError on anything else."""
    if not cursor:
        return 0, 0
    txid, _, entry = cursor.partition(".")
    if not (txid.isdigit() and entry.isdigit()):
        raise ValueError(f"cursor {cursor!r} is not <txid>.<id> as returned by the feed")
    return int(txid), int(entry)


def entries_after(cursor: str | None, limit: int = FEED_PAGE) -> tuple[list[ChangeLog], str]:
    """Entries after `cursor`, oldest first, and the cursor to resume from (unchanged when there is nothing new)."""
    txid, entry_id = parse_cursor(cursor)
    query = ChangeLog.objects.filter(Q(txid__gt=txid) | Q(txid=txid, id__gt=entry_id))
    horizon, own = _settled_below()  # rows below the horizon are all committed by the time we read them
    if horizon is not None:
        query = query.filter(Q(txid__lt=horizon) | Q(txid=own or -1))
    entries = list(query.order_by("txid", "id")[:limit])
    last = entries[-1] if entries else None
    return entries, (f"{last.txid}.{last.pk}" if last else (cursor or "0.0"))


def feed_page(cursor: str | None, limit: int = FEED_PAGE) -> dict:
    """One page of the feed as plain data: entries with the current state of their object, and the next cursor."""
    entries, next_cursor = entries_after(cursor, limit)
    states = _states(entries)
    return {
        "next": next_cursor,
        "more": len(entries) == limit,
        "results": [
            {
                "cursor": f"{e.txid}.{e.pk}",
                "kind": e.kind,
                "action": e.action,
                "code": e.code,
                "identifier": e.identifier,
                "at": e.at.isoformat(),
                "data": None if e.action == ChangeLog.Action.DELETE else states[e.kind].get(e.object_id),
            }
            for e in entries
        ],
    }


def _states(entries: list[ChangeLog]) -> dict[str, dict[int, dict]]:
    ids: dict[str, set[int]] = {kind: set() for kind in Kind.values}
    for e in entries:
        if e.action == ChangeLog.Action.UPSERT:
            ids[e.kind].add(e.object_id)
    return {
        Kind.PARTY: feed_payloads.parties(ids[Kind.PARTY]),
        Kind.WORK: feed_payloads.works(ids[Kind.WORK]),
        Kind.SHARES: feed_payloads.share_pictures(ids[Kind.SHARES]),
    }
