"""The related-rights demo: documented recordings, a broadcast report identified to recordings, an approved
neighbouring-rights run summing to its net, statements for a performer and a producer; loaded once."""

import pytest

from distribution.runs import related_demo
from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.models import RecordingMatch
from wipoconnect import demo
from works.models import ProducerShare, RecordingContributor

pytestmark = pytest.mark.django_db


def test_related_demo_is_complete_balanced_and_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    message = related_demo.load()
    run = DistributionRun.objects.get(name=related_demo.RUN_NAME)
    assert run.status == DistributionRun.Status.APPROVED and run.right_type == "RR"
    lines = PayoutLine.objects.filter(run=run)
    assert sum(x.amount for x in lines if x.payee_kind != "brought_forward") == run.net_amount
    assert run.summary["balanced"] and f"run {run.pk} approved" in message
    roles = {r for x in lines for r in x.roles.split(",") if r}
    assert {"main", "non_featured", "producer"} <= roles
    assert {"society", "suspense", "member"} <= {x.payee_kind for x in lines}
    assert RecordingContributor.objects.filter(role="non_featured").exists()
    assert ProducerShare.objects.filter(valid_from__isnull=False).exists()
    statuses = set(
        RecordingMatch.objects.filter(match__report__source=related_demo.SOURCE).values_list("status", flat=True)
    )
    assert {"auto", "unidentified"} <= statuses
    performer = next(x for x in lines if x.payee_kind == "member" and "main" in x.roles)
    producer = next(x for x in lines if x.payee_kind == "member" and "producer" in x.roles)
    folder = tmp_path / "statements" / f"run_{run.pk}"
    assert (folder / f"statement_{performer.payee}.csv").is_file()
    assert (folder / f"statement_{producer.payee}.csv").is_file()

    counts = (PayoutLine.objects.count(), RecordingContributor.objects.count(), DistributionRun.objects.count())
    assert related_demo.load().startswith("related rights demo already loaded")
    assert (PayoutLine.objects.count(), RecordingContributor.objects.count(), DistributionRun.objects.count()) == counts
