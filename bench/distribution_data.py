"""Benchmark data for distribution_bench.py, generated inside PostgreSQL with INSERT … SELECT generate_series.

Columns a statement does not name get their model default, so the generator follows model changes.
Shape: 3 shares per work (writer 50 %, writer 25 %, publisher 25 %), 1 % of works with a share short (unclaimed),
0.1 % over 100 % (conflict), 0.5 % of shares UK-only (collect nothing in World), 1,000 sub-publishing agreements,
90 % of parties members (70 % ours, 20 % two sister societies); two reports, 5 % of usage keys unidentified and 5 %
in review, durations missing on a third of the lines.
"""

import re

from django.conf import settings
from django.core.management import call_command
from django.db import connection, models

from distribution.runs.models import DistributionRun, PayoutLine, RunChunk, RunLine, RunWeight
from distribution.usage.models import Match, UsageLine, UsageReport
from rightowners.models import Agreement, InterestedParty, Membership, Society
from works.models import ShareTerritory, Work, WorkShare

KEYS_PER_REPORT = 150_000


def migrate() -> None:
    call_command("migrate", verbosity=0)


def insert_series(
    model: type[models.Model], count: int, exprs: dict[str, str], params: dict | None = None, source: str = ""
) -> None:
    """INSERT `count` rows of `model` from generate_series(1, count) AS g; exprs maps column → SQL."""
    columns, values, args = [], [], dict(params or {})
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in exprs or field.name in exprs:
            # a modulo sign is not a parameter: escape it for the driver
            values.append(re.sub(r"%(?!\()", "%%", exprs.get(field.column, exprs.get(field.name))))
        elif isinstance(field, models.DateTimeField) and not field.has_default():
            values.append("now()")  # auto_now fields
        else:
            default = None if field.null else field.get_default()
            if default is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name}: no default, give it an expression")
            args[f"d_{field.column}"] = field.get_db_prep_value(default, connection) if default is not None else None
            values.append(f"%(d_{field.column})s")
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source or f'generate_series(1, {int(count)}) AS g'}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, args)


def generate(*, lines: int, works: int, parties: int) -> None:
    own = Society.objects.get_or_create(code=settings.SOCIETY_CODE, defaults={"name": "Bench CMO"})[0]
    sisters = [Society.objects.get_or_create(code=c, defaults={"name": f"Sister {c}"})[0] for c in ("052", "010")]
    _repertoire(works, parties, own, sisters)
    _usage(lines, works)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _repertoire(works: int, parties: int, own: Society, sisters: list[Society]) -> None:
    insert_series(
        InterestedParty,
        parties,
        {
            "code": "'P' || lpad(g::text, 8, '0')",
            "last_name": "'Party ' || g",
            "ipi_name": "CASE WHEN g % 3 <> 0 THEN lpad(g::text, 11, '0') END",
        },
    )
    insert_series(
        Membership,
        parties,
        {
            "party_id": "g",
            "society_id": "CASE WHEN g % 10 < 7 THEN %(own)s WHEN g % 10 = 7 THEN %(s1)s ELSE %(s2)s END",
            "right_type": "'PR'",
            "territory": "'2136'",
        },
        {"own": own.pk, "s1": sisters[0].pk, "s2": sisters[1].pk},
    )
    with connection.cursor() as cursor:  # one party in ten has no membership: unaffiliated
        cursor.execute(f"DELETE FROM {Membership._meta.db_table} WHERE party_id % 10 = 9")
    insert_series(
        Work,
        works,
        {
            "code": "'W' || lpad(g::text, 8, '0')",
            "title": "'Work ' || g",
            "iswc": "CASE WHEN g % 2 = 0 THEN 'T' || lpad(g::text, 10, '0') END",
            "duration": "120 + g % 240",
        },
    )
    short = "CASE WHEN w % 100 = 0 THEN 24.99 WHEN w % 1000 = 3 THEN 30 ELSE 25 END"  # unclaimed, conflict
    pr = f"CASE (g - 1) % 3 WHEN 0 THEN 50 WHEN 1 THEN {short} ELSE 25 END"
    insert_series(
        WorkShare,
        3 * works,
        {
            "work_id": "w",
            "role": "CASE (g - 1) % 3 WHEN 2 THEN 'E' ELSE 'CA' END",
            "party_id": f"CASE (g - 1) % 3 WHEN 0 THEN (w * 7) % {parties} + 1 "
            f"WHEN 1 THEN (w * 13 + 5) % {parties} + 1 ELSE w % 5000 + 1 END",
            "pr_share": pr,
            "mr_share": pr,
        },
        source=f"(SELECT g, (g - 1) / 3 + 1 AS w FROM generate_series(1, {3 * works}) AS g) AS s",
    )
    insert_series(
        ShareTerritory,
        3 * works // 200,
        {
            "share_id": "g * 200",
            "included": "true",
            "territory": "'0826'",
            "pr_collection": "25",
            "sequence": "1",
        },
    )
    insert_series(
        Agreement,
        1000,
        {
            "assignor_id": "g",
            "acquirer_id": f"{parties} - g",
            "right_type": "'PR'",
            "territory": "'2136'",
            "share": "50",
        },
    )


def _usage(lines: int, works: int) -> None:
    per_report = lines // 2
    for r in (1, 2):
        report = UsageReport.objects.create(
            source="bench",
            filename=f"bench{r}.csv",
            checksum=f"{r:064d}",
            format="csv",
            period_start="2025-01-01",
            period_end="2025-06-30",
            right_type="PR",
        )
        first_match = (Match.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        insert_series(
            Match,
            KEYS_PER_REPORT,
            {
                "report_id": str(report.pk),
                "key": f"'K{r}-' || g",
                "work_id": f"CASE WHEN g % 20 = 0 THEN NULL ELSE (g * 7919) % {works} + 1 END",
                "status": "CASE WHEN g % 20 = 0 THEN 'unidentified' WHEN g % 20 = 1 THEN 'review' ELSE 'auto' END",
            },
        )
        insert_series(
            UsageLine,
            per_report,
            {
                "report_id": str(report.pk),
                "line": "g",
                "title": "'Title'",
                "plays": "1 + g % 5",
                "duration": "CASE WHEN g % 3 = 0 THEN NULL ELSE 60 + g % 300 END",
                "key": f"'K{r}-' || (g % {KEYS_PER_REPORT} + 1)",
                "match_id": f"{first_match} + g % {KEYS_PER_REPORT}",
            },
        )


def reset_runs() -> None:
    """Forget earlier benchmark runs (this database is the benchmark's own), so every timing starts alike."""
    tables = [m._meta.db_table for m in (PayoutLine, RunLine, RunWeight, RunChunk)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
        cursor.execute("VACUUM ANALYZE")


def new_run(name: str) -> DistributionRun:
    from distribution.runs import services as runs

    return runs.create_run(
        name=name,
        report_ids=list(UsageReport.objects.filter(source="bench").values_list("id", flat=True)),
        right="PR",
        territory="2136",
        gross="1000000.00",
        currency="EUR",
        admin="15",
        social="10",
        weighting="duration",
        threshold="5.00",
    )
