"""Runs calculated through the tasks (eager here), on SQLite or PostgreSQL: the rules end to end."""

import pytest
from run_factories import party, report, work, worked_example

from distribution.runs import services as runs
from distribution.runs.models import DistributionRun, PayoutLine, RunLine, RunWeight
from wipoconnect.core import money
from wipoconnect.core.models import Job

pytestmark = pytest.mark.django_db


def new_run(report_ids, **overrides):
    fields = dict(
        name="Test",
        report_ids=report_ids,
        right="PR",
        territory="2136",
        gross="1000.00",
        currency="EUR",
        admin="15",
        social="10",
        weighting="plays",
        threshold="50.00",
    )
    return runs.create_run(**{**fields, **overrides})


def lines_of(run):
    return sorted(PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "amount"))


def test_worked_example_through_the_database():
    r, ps, (x, y) = worked_example()
    run = new_run([r.pk])
    job = runs.calculate(run)
    run.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (run.status, run.admin_amount, run.social_amount, run.net_amount) == ("calculated", 15000, 10000, 75000)
    assert lines_of(run) == sorted(
        [
            ("member", "00000000011", x.iswc, 18750),
            ("society", "052", x.iswc, 18750),
            ("member", "00000000021", y.iswc, 6250),
            ("member", "00000000022", y.iswc, 6249),
            ("member", "00000000023", y.iswc, 6249),
            ("suspense", "unclaimed", y.iswc, 2),
            ("suspense", "unidentified", "", 18750),
        ]
    )
    assert run.summary["balanced"] and run.summary["conserved"] == 100000
    assert run.summary["suspense"]["unidentified"] == 18750
    assert not RunLine.objects.filter(run=run).exists()  # staging cleaned


def test_statement_details_are_kept_on_lines():
    r, ps, (x, y) = worked_example()
    run = new_run([r.pk])
    runs.calculate(run)
    line = PayoutLine.objects.get(run=run, payee="00000000021")
    details = (line.roles, str(line.share), line.weight, line.work_id, line.party_id)
    assert details == ("CA", "33.330000", 1, y.pk, ps["B"].pk)
    society = PayoutLine.objects.get(run=run, payee="052")
    assert society.society.code == "052" and society.party is None


def test_recalculation_replaces_lines_with_the_same_result_and_approved_runs_are_immutable():
    r, _, _ = worked_example()
    run = new_run([r.pk])
    runs.calculate(run)
    first = lines_of(run)
    runs.calculate(run)
    assert lines_of(run) == first
    runs.approve(run.pk)
    with pytest.raises(runs.RunError, match="immutable"):
        runs.calculate(run)
    with pytest.raises(runs.RunError, match="already approved"):
        runs.approve(run.pk)
    assert lines_of(run) == first


def test_unidentified_split_by_usage_key_is_kept():
    r, _, _ = worked_example()
    run = new_run([r.pk])
    runs.calculate(run)
    split = dict(RunWeight.objects.filter(run=run, work__isnull=True).values_list("key", "weight"))
    assert split == {"KX4": 1}


def test_duration_weighting_uses_line_then_work_duration_then_180():
    a = party("A", "00000000031", "999")
    w1 = work("One", None, [(a, "CA", "100")], duration=100)
    w2 = work("Two", None, [(a, "CA", "100")])
    r = report([(w1, 2), (w1, 1), (w2, 1)], durations=[None, 300, None])  # 200 + 300 + 180 = 680
    run = new_run([r.pk], weighting="duration", admin="0", social="0", gross="680.00", threshold="0")
    runs.calculate(run)
    assert dict(PayoutLine.objects.filter(run=run).values_list("work_key", "amount")) == {
        w1.code: 50000,
        w2.code: 18000,
    }


def test_member_below_threshold_is_carried_then_paid_with_balance_in_the_next_approved_run():
    a = party("A", "00000000041", "999")
    b = party("B", "00000000042", "999")
    w = work("W", None, [(a, "CA", "90"), (b, "E", "10")])
    first = new_run([report([(w, 1)]).pk], gross="100.00", admin="0", social="0", threshold="50.00")
    runs.calculate(first)
    assert ("carry_forward", b.ipi_name, w.code, 1000) in lines_of(first)
    runs.approve(first.pk)
    second = new_run([report([(w, 4)]).pk], gross="400.00", admin="0", social="0", threshold="50.00")
    runs.calculate(second)
    assert ("member", b.ipi_name, w.code, 4000) in lines_of(second)
    assert ("brought_forward", b.ipi_name, "", 1000) in lines_of(second)
    assert second.__class__.objects.get(pk=second.pk).summary["balanced"]


def test_approval_refuses_a_run_calculated_before_another_approval():
    r, _, _ = worked_example()
    one, two = new_run([r.pk]), new_run([r.pk])
    runs.calculate(one)
    runs.calculate(two)
    runs.approve(one.pk)
    with pytest.raises(runs.RunError, match="recalculate"):
        runs.approve(two.pk)
    runs.calculate(two)
    assert runs.approve(two.pk).status == DistributionRun.Status.APPROVED


def test_invalid_inputs_are_refused_with_reasons():
    r, _, _ = worked_example()
    with pytest.raises(runs.RunError, match="is PR"):
        new_run([r.pk], right="MR")
    with pytest.raises(money.MoneyError, match="two decimals"):
        new_run([r.pk], gross="10.001")
    with pytest.raises(runs.RunError, match="not found"):
        new_run([r.pk, 999999])


def test_a_run_without_weight_fails_its_job():
    a = party("A", "00000000051", "999")
    w = work("W", None, [(a, "CA", "100")])
    run = new_run([report([(w, 0)]).pk])
    job = runs.calculate(run)
    assert job.status == Job.Status.FAILED and "W = 0" in job.error
    run.refresh_from_db()
    assert run.status == "draft" and not PayoutLine.objects.filter(run=run).exists()
