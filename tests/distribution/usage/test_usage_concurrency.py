"""Two imports of one usage file at the same moment (PostgreSQL, real transactions): one imports it, the other finds
it imported; neither fails."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from distribution.usage.importing import import_usage
from distribution.usage.models import UsageLine, UsageReport

pytestmark = pytest.mark.postgres


def test_the_same_file_imported_twice_at_once_is_imported_once(transactional_db, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite serializes the whole database)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = tmp_path / "radio.csv"
    path.write_text("title,plays\n" + "".join(f"Song {n},{n % 7 + 1}\n" for n in range(3000)), encoding="utf-8")
    start, outcomes = threading.Barrier(2), []

    def run():
        start.wait()
        try:
            result = import_usage(
                path=path, source="radio", period=(date(2026, 1, 1), date(2026, 3, 31)), right_type="PR"
            )
            outcomes.append(("already" if result.already_imported else "imported", result.report.pk, result.lines))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever escaped
            outcomes.append(("error", repr(exc), 0))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(o[0] for o in outcomes) == ["already", "imported"], outcomes
    assert len({o[1] for o in outcomes}) == 1  # both name the one report
    assert UsageReport.objects.count() == 1 and UsageLine.objects.count() == 3000
    assert {o[2] for o in outcomes} == {3000}
