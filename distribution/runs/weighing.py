"""Step 2 in the database: usage weights grouped per identified work (or per usage key) with one GROUP BY.

Each chunk covers a range of usage line ids of the run's reports and writes its groups with INSERT … SELECT,
so no usage line travels to Python.
"""

from django.db import connection
from django.db.models import Max, Min, Sum

from distribution.runs.engine.allocation import DEFAULT_DURATION
from distribution.runs.models import DistributionRun, RunWeight
from distribution.usage.models import Match, UsageLine
from works.models import Work

IDENTIFIED = ("auto", "confirmed")  # match statuses whose lines are paid to their work
# A chunk is one worker's share: one core (parallelism comes from chunks, not from PostgreSQL's own workers),
# hash aggregation in memory rather than sorting to disk, no JIT compilation for a query run once.
POSTGRES_SETTINGS = "SET LOCAL work_mem = '256MB'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off"


def line_id_ranges(run: DistributionRun, size: int) -> list[tuple[int, int]]:
    """Inclusive id ranges of about `size` ids covering the usage lines of the run's reports."""
    report_ids = list(run.reports.values_list("id", flat=True))
    bounds = UsageLine.objects.filter(report_id__in=report_ids).aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return []
    return [(low, min(low + size - 1, bounds["high"])) for low in range(bounds["low"], bounds["high"] + 1, size)]


def weigh_lines(run: DistributionRun, attempt: int, chunk: int, low: int, high: int) -> None:
    """Insert the weights of the run's usage lines with ids in [low, high], grouped per work or usage key."""
    report_ids = list(run.reports.values_list("id", flat=True))
    placeholders = ", ".join(["%s"] * len(report_ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # inside the chunk's transaction only
            cursor.execute(POSTGRES_SETTINGS)
        cursor.execute(_sql(run.weighting, placeholders), [run.pk, attempt, chunk, *report_ids, low, high])


def _sql(weighting: str, report_placeholders: str) -> str:
    """Lines are summed per match first (an integer key, the cheap part of 10M rows), then joined to matches
    and works and summed per work or usage key. A line without a duration takes its work's, else the default.
    The match id is grouped through COALESCE so that PostgreSQL hashes a range of lines read by primary key
    instead of walking the whole match index in order."""
    q = connection.ops.quote_name
    line, match, work, weight = (q(m._meta.db_table) for m in (UsageLine, Match, Work, RunWeight))
    statuses = ", ".join(f"'{s}'" for s in IDENTIFIED)
    identified = f"m.status IN ({statuses}) AND m.work_id IS NOT NULL"
    if weighting == DistributionRun.Weighting.PLAYS:
        amount = "a.plays"
    else:
        amount = f"a.timed + a.untimed * COALESCE(NULLIF(w.duration, 0), {DEFAULT_DURATION})"
    key = q("key")
    return f"""
        INSERT INTO {weight} (run_id, attempt, chunk, work_id, {key}, weight)
        SELECT %s, %s, %s,
               CASE WHEN {identified} THEN m.work_id END,
               CASE WHEN {identified} THEN '' ELSE COALESCE(m.{key}, a.{key}) END,
               SUM({amount})
        FROM (
            SELECT COALESCE(l.match_id, 0) AS match_id, CASE WHEN l.match_id IS NULL THEN l.{key} END AS {key},
                   SUM(l.plays) AS plays,
                   SUM(CASE WHEN l.duration > 0 THEN l.plays * l.duration ELSE 0 END) AS timed,
                   SUM(CASE WHEN l.duration > 0 THEN 0 ELSE l.plays END) AS untimed
            FROM {line} l
            WHERE l.report_id IN ({report_placeholders}) AND l.id BETWEEN %s AND %s
            GROUP BY 1, 2
        ) a
        LEFT JOIN {match} m ON m.id = a.match_id
        LEFT JOIN {work} w ON w.id = m.work_id AND {identified}
        GROUP BY 4, 5
    """


def total_weight(run: DistributionRun, attempt: int) -> int:
    return RunWeight.objects.filter(run=run, attempt=attempt).aggregate(total=Sum("weight"))["total"] or 0


def ref_id_ranges(run: DistributionRun, attempt: int, ref: str, size: int) -> list[tuple[int, int]]:
    """Inclusive id ranges holding about `size` identified works (`ref` "work_id") or recordings each."""
    ids = list(
        RunWeight.objects.filter(run=run, attempt=attempt, **{f"{ref}__isnull": False})
        .values_list(ref, flat=True)
        .distinct()
        .order_by(ref)
    )
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def ref_weights(run: DistributionRun, attempt: int, ref: str, low: int, high: int) -> dict[int, int]:
    """Weights of the works (`ref` "work_id") or recordings with ids in [low, high]."""
    rows = (
        RunWeight.objects.filter(run=run, attempt=attempt, **{f"{ref}__gte": low, f"{ref}__lte": high})
        .values(ref)
        .annotate(total=Sum("weight"))
        .values_list(ref, "total")
    )
    return dict(rows)


def unidentified_weights(run: DistributionRun, attempt: int) -> dict[str, int]:
    """The unidentified account's split by usage key (kept so that a later claim can be paid)."""
    rows = (
        RunWeight.objects.filter(run=run, attempt=attempt, work__isnull=True, recording__isnull=True)
        .values("key")
        .annotate(total=Sum("weight"))
        .values_list("key", "total")
    )
    return {key: total for key, total in rows if total}
