"""Property: any documented recordings exported as CSV or XLSX import back unchanged, and export the same again."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PartyFactory, WorkFactory
from works.models import Recording
from works.recording_sheet import export_recordings, import_recordings
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

pytestmark = pytest.mark.django_db

TEXT = st.text(st.sampled_from("abcdeéñøß XYZ,;\"'-&"), min_size=1, max_size=20).map(lambda t: " ".join(t.split()))
RECORDING = st.fixed_dictionaries(
    {
        "title": TEXT.filter(bool),
        "artist": TEXT,
        "duration": st.none() | st.integers(1, 3600),
        "performers": st.lists(st.tuples(st.sampled_from(["main", "featured", "non_featured"]), TEXT), max_size=3),
        "share": st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2)),
        "territory": st.sampled_from(["2136", "0826", "0250"]),
        "since": st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recordings=st.lists(RECORDING, min_size=1, max_size=3), fmt=st.sampled_from(["csv", "xlsx"]))
def test_export_import_export_is_stable(tmp_path, recordings, fmt):
    with transaction.atomic():
        point = transaction.savepoint()
        work, label = WorkFactory(), PartyFactory(kind="company", first_name="", last_name="Label")
        for n, data in enumerate(recordings):
            recording = Recording.objects.create(
                isrc=f"GBAYE26{n:05d}", title=data["title"], artist=data["artist"], duration=data["duration"]
            )
            performers = [
                ContributorData(PartyFactory().pk, role, instrument) for role, instrument in data["performers"]
            ]
            producers = [ProducerShareData(label.pk, data["share"], data["territory"], valid_from=data["since"])]
            save_recording_rights(recording=recording, works=[work], contributors=performers, producers=producers)
        first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
        export_recordings(first)
        result = import_recordings(first)
        assert (result.errors, result.unchanged, result.created) == ([], len(recordings), 0)
        export_recordings(second)
        assert _rows(first) == _rows(second)
        transaction.savepoint_rollback(point)


def _rows(path):
    from wipoconnect.core.tabular import read_rows

    _, rows = read_rows(path)
    return [row for _, row in rows]
