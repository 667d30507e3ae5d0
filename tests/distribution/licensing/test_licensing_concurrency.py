"""Two runs drawing from one pool at the same moment (PostgreSQL, real transactions): exactly one gets the money."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from distribution.licensing import services as collection
from distribution.licensing.models import CollectionPool, PoolDraw
from distribution.runs import services as runs
from distribution.usage.models import UsageReport

pytestmark = pytest.mark.postgres


def _run(n: int):
    report = UsageReport.objects.create(
        source="radio",
        filename=f"r{n}.csv",
        checksum=f"{n:064d}",
        format="csv",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        right_type="PR",
    )
    return runs.create_run(
        name=f"run {n}",
        report_ids=[report.pk],
        right="PR",
        territory="2136",
        gross="0",
        currency="EUR",
        admin="0",
        social="0",
    )


def test_concurrent_draws_never_take_a_pool_twice(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serializes the whole database)")
    pool = CollectionPool.objects.create(
        name="p",
        source="broadcaster",
        right_type="PR",
        territory="2136",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        currency="EUR",
        collected=100_000,
    )
    contenders = [_run(n) for n in range(4)]
    start, outcomes = threading.Barrier(len(contenders)), []

    def draw(run):
        start.wait()
        try:
            outcomes.append(collection.draw_from_pool(run, pool).amount)
        except ValidationError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draw, args=(run,)) for run in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    pool.refresh_from_db()
    assert sorted(o for o in outcomes if isinstance(o, int)) == [100_000]
    assert sum("nothing left" in o for o in outcomes if isinstance(o, str)) == 3
    assert pool.distributed == 100_000 and PoolDraw.objects.count() == 1
