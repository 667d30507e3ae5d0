"""Property: however claims on a run's unidentified keys are grouped into adjustment runs, the run's suspense
decreases by exactly what the adjustments pay, each adjustment is conserved, and no key is paid twice."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from money_builders import approved_run, conserved, lines_of, member, report, work

from distribution.runs import claims
from distribution.runs.models import SuspenseDraw
from distribution.runs.phases import RunError

pytestmark = pytest.mark.django_db

KEYS = ["U1", "U2", "U3", "U4", "U5"]  # never "K<pk>": the builders key identified works so


@pytest.fixture
def world():
    a, b, c = member("A", "12345678993"), member("B", "22345678983"), member("C", "32345678973")
    x = work("X", None, [(a, "CA", "100")])
    targets = [work("Y", None, [(b, "CA", "33.33"), (c, "CA", "66.67")]), work("Z", None, [(c, "CA", "100")])]
    lines = [(x, 7)] + [(key, plays) for key, plays in zip(KEYS, (1, 2, 3, 5, 8), strict=True)]
    return approved_run([report(lines)], gross="1234.57", admin="12.5", social="7"), targets


groupings = st.lists(st.tuples(st.sampled_from(KEYS), st.integers(0, 1), st.integers(0, 2)), max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=groupings)
def test_suspense_decreases_by_exactly_what_adjustments_pay(world, steps):
    run, targets = world
    with transaction.atomic():
        start = claims.balance(run)["unidentified"]
        paid = 0
        for key, target, batch_end in steps:
            try:
                claim = claims.file_claim(run_id=run.pk, account="unidentified", key=key, work_id=targets[target].pk)
                claims.accept_claim(claim_id=claim.pk)
            except Exception as exc:  # the key is claimed and accepted already: refused, never paid twice
                assert "already accepted" in str(exc) or "already paid out of suspense" in str(exc)
            if batch_end:
                try:
                    adjustment = claims.run_adjustment(run_id=run.pk)
                except RunError as exc:
                    assert "no accepted claim" in str(exc)
                    continue
                assert conserved(adjustment)
                paid += sum(a for kind, *_, a in lines_of(adjustment) if kind != "brought_forward")
                assert claims.balance(run)["unidentified"] == start - paid
        drawn = list(SuspenseDraw.objects.filter(original=run).values_list("item", flat=True))
        assert len(drawn) == len(set(drawn))
        if set(drawn) == set(KEYS):
            assert claims.balance(run)["unidentified"] == 0
        transaction.set_rollback(True)
