import pytest

from distribution.usage import demo as demo_usage
from distribution.usage.identification import report_counts
from distribution.usage.models import UsageReport
from wipoconnect import demo

pytestmark = pytest.mark.django_db


def test_demo_usage_report_shows_every_outcome_and_loads_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.load()
    demo_usage.load()
    assert "already imported" in demo_usage.load()
    report = UsageReport.objects.get(source=demo_usage.SOURCE)
    counts = report_counts(report)
    assert counts.auto > 0 and counts.review > 0 and counts.unidentified > 0
    assert report.rejected_count == 1
