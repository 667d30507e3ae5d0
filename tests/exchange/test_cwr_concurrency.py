"""One CWR file imported twice at the same moment (PostgreSQL, real transactions): it is imported once; the second
import waits for the first and answers `already imported`."""

import threading

import pytest
from django.db import connection, connections

from exchange.cwr_import import import_cwr
from exchange.models import CwrFile
from tests.exchange.cwr_helpers import GOLDEN
from works.models import Work

pytestmark = pytest.mark.postgres


def test_the_same_cwr_file_imported_twice_at_once_is_imported_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite serializes the whole database)")
    path = GOLDEN / "CW250001SUN_052.V21"
    start, outcomes = threading.Barrier(2), []

    def run():
        start.wait()
        try:
            outcomes.append(import_cwr(path).first_line)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever escaped
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    done = CwrFile.objects.get(direction=CwrFile.Direction.INCOMING)
    imported = f"cwr {done.pk}: {done.transactions} transactions, {done.accepted} accepted, {done.rejected} rejected"
    assert sorted(outcomes) == sorted([f"cwr {done.pk}: already imported", imported]), outcomes
    works = Work.objects.count()
    assert works > 0 and works == done.accepted
