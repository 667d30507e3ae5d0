import pytest
from django.core.management import call_command

from rightowners.models import InterestedParty, Society
from wipoconnect.core.models import AuditEntry
from works.models import Work, WorkShare

pytestmark = pytest.mark.django_db


def test_demo_loads_a_realistic_data_set_once(capsys):
    call_command("demo")
    first = capsys.readouterr().out.splitlines()[0]
    counts = (Work.objects.count(), InterestedParty.objects.count(), WorkShare.objects.count())
    audit = AuditEntry.objects.count()

    call_command("demo")

    assert first.startswith("demo data loaded: 200 works, 50 parties")
    assert (Work.objects.count(), InterestedParty.objects.count(), WorkShare.objects.count()) == counts
    assert AuditEntry.objects.count() == audit
    assert Society.objects.filter(code__in=["052", "058", "010"]).count() == 3
    showcase = Work.objects.get(iswc="T0345246801")
    assert showcase.title == "Love in the River City"
    assert showcase.alternate_titles.get().title == "Love in the River City (Radio Edit)"
