"""Claims on suspense paid by adjustment runs; suspense released after the claims period."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from money_builders import approved_run, conserved, lines_of, member, party, report, work

from distribution.runs import claims
from distribution.runs import services as runs
from distribution.runs.models import Claim, SuspenseDraw
from distribution.runs.phases import RunError
from distribution.usage.models import KeyDecision, Match
from works.models import WorkShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    """distribution-rules.md worked example, its unidentified line under usage key KU; and a work Z to claim it."""
    a, b, c, q = (member(n, f"000000000{i}") for n, i in (("A", 11), ("B", 21), ("C", 22), ("Q", 23)))
    p = party("P", "00000000012", "052")
    x = work("X", "T0000000011", [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", "T0000000022", [(b, "CA", "33.33"), (c, "CA", "33.33"), (q, "E", "33.33")])
    d = member("D", "00000000031")
    z = work("Z", "T0000000033", [(d, "CA", "100")])
    r = report([(x, 1), (x, 1), (y, 1), ("KU", 1)])
    run = approved_run([r])
    return run, {"A": a, "B": b, "D": d, "P": p}, {"X": x, "Y": y, "Z": z}


def test_unidentified_line_claimed_and_paid_by_an_adjustment_run(example):
    run, ps, ws = example
    assert claims.balance(run)["unidentified"] == 18750
    claim = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk, evidence="cue sheet")
    claims.accept_claim(claim_id=claim.pk)
    adjustment = claims.run_adjustment(run_id=run.pk)
    assert lines_of(adjustment) == [("member", "00000000031", "T0000000033", 18750)]
    assert (adjustment.gross, adjustment.admin_amount, adjustment.social_amount) == (18750, 0, 0)
    assert adjustment.origin.kind == "adjustment" and adjustment.origin.original == run
    # Conservation across the run and its adjustment: the suspense decreased by exactly what was paid.
    assert claims.balance(run)["unidentified"] == 0
    assert conserved(adjustment) and adjustment.summary["balanced"]
    claim.refresh_from_db()
    assert (claim.status, claim.adjustment) == ("paid", adjustment)
    runs.approve(adjustment.pk)  # an adjustment run is approved like any run


def test_accepted_claim_is_remembered_for_future_reports(example):
    run, _, ws = example
    claim = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk)
    claims.accept_claim(claim_id=claim.pk)
    assert KeyDecision.objects.get(key="KU").work == ws["Z"]
    assert Match.objects.get(report__in=run.reports.all(), key="KU").status == "confirmed"


def test_claims_take_the_account_exactly_whatever_the_order():
    d, e = member("D", "00000000031"), member("E", "00000000032")
    z1 = work("Z1", None, [(d, "CA", "100")])
    z2 = work("Z2", None, [(e, "CA", "100")])
    x = work("X", None, [(d, "CA", "100")])
    # N = 1000.01 − 0 split over weights 3 (X), 1 (U1), 2 (U2): unidentified exact 500.005 → 50000 or 50001.
    run = approved_run([report([(x, 3), ("U1", 1), ("U2", 2)])], gross="1000.01", admin="0", social="0")
    account = claims.balance(run)["unidentified"]
    paid = []
    for key, target in (("U2", z2), ("U1", z1)):
        claim = claims.file_claim(run_id=run.pk, account="unidentified", key=key, work_id=target.pk)
        claims.accept_claim(claim_id=claim.pk)
        adjustment = claims.run_adjustment(run_id=run.pk)
        paid.append(adjustment.gross)
        assert sum(a for *_, a in lines_of(adjustment)) == adjustment.gross
    assert sum(paid) == account and claims.balance(run)["unidentified"] == 0
    assert abs(paid[0] - 2 * paid[1]) <= 2  # each key its share of the account, up to a cent


def test_competing_claims_only_one_is_paid(example):
    run, ps, ws = example
    first = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk)
    second = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["X"].pk)
    assert list(claims.competing(first)) == [second]
    claims.accept_claim(claim_id=first.pk)
    second.refresh_from_db()
    assert second.status == "rejected" and f"claim {first.pk}" in second.note
    with pytest.raises(ValidationError, match="already accepted"):
        claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["X"].pk)
    claims.run_adjustment(run_id=run.pk)
    with pytest.raises(RunError, match="no accepted claim"):
        claims.run_adjustment(run_id=run.pk)
    assert SuspenseDraw.objects.filter(original=run).count() == 1


def test_claims_need_an_approved_run_and_a_real_item(example):
    run, ps, ws = example
    with pytest.raises(ValidationError, match="no unidentified usage"):
        claims.file_claim(run_id=run.pk, account="unidentified", key="NOPE", work_id=ws["Z"].pk)
    with pytest.raises(ValidationError, match="has no conflict line"):
        claims.file_claim(run_id=run.pk, account="conflict", work_id=ws["Y"].pk)
    with pytest.raises(ValidationError, match="name the claimant"):
        claims.file_claim(run_id=run.pk, account="unclaimed", work_id=ws["Y"].pk)


def test_unclaimed_share_is_paid_to_its_claimant(example):
    run, ps, ws = example
    claim = claims.file_claim(run_id=run.pk, account="unclaimed", work_id=ws["Y"].pk, claimant_id=ps["B"].pk)
    claims.accept_claim(claim_id=claim.pk)
    adjustment = claims.run_adjustment(run_id=run.pk)
    assert lines_of(adjustment) == [("member", "00000000021", "T0000000022", 2)]
    assert claims.balance(run)["unclaimed"] == 0 and conserved(adjustment)


def test_conflict_paid_with_the_corrected_share_picture():
    a, b = member("A", "00000000011"), member("B", "00000000021")
    x = work("X", "T0000000011", [(a, "CA", "60"), (b, "CA", "60")])  # 120 %: conflict
    run = approved_run([report([(x, 3), ("KU", 1)])], gross="100.00", admin="0", social="0")
    assert claims.balance(run)["conflict"] == 7500
    WorkShare.objects.filter(work=x).update(pr_share=50)  # staff correct the documentation
    claim = claims.file_claim(run_id=run.pk, account="conflict", work_id=x.pk, evidence="agreement 50/50")
    claims.accept_claim(claim_id=claim.pk)
    adjustment = claims.run_adjustment(run_id=run.pk)
    assert lines_of(adjustment) == [("member", "00000000011", x.iswc, 3750), ("member", "00000000021", x.iswc, 3750)]
    assert claims.balance(run)["conflict"] == 0


def test_release_after_the_claims_period_pays_pro_rata_to_identified_works(example, settings):
    run, ps, ws = example
    with pytest.raises(RunError, match="claims period ends"):
        claims.release_suspense(run_id=run.pk)
    settings.CLAIMS_PERIOD_DAYS = 30
    release = claims.release_suspense(run_id=run.pk, now=timezone.now() + timedelta(days=31))
    # 18750 unidentified + 2 unclaimed, to X (2 plays) and Y (1 play) through their pictures.
    assert release.gross == 18752 and conserved(release)
    assert claims.balance(run)["unidentified"] == 0 and claims.balance(run)["unclaimed"] == 0
    paid = {payee: a for _, payee, _, a in lines_of(release)}
    assert paid["00000000011"] == paid["052"] and paid["00000000011"] + paid["052"] in (12501, 12502)
    with pytest.raises(ValidationError, match="already paid out of suspense"):
        claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk)
    with pytest.raises(ValidationError, match="already paid out of suspense"):  # its unclaimed line went too
        claims.file_claim(run_id=run.pk, account="unclaimed", work_id=ws["Y"].pk, claimant_id=ps["B"].pk)


def test_claim_status_flow(example):
    run, ps, ws = example
    claim = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk)
    with pytest.raises(ValidationError, match="say why"):
        claims.reject_claim(claim_id=claim.pk, note=" ")
    claims.reject_claim(claim_id=claim.pk, note="no evidence")
    with pytest.raises(ValidationError, match="only a submitted claim"):
        claims.accept_claim(claim_id=claim.pk)
    assert Claim.objects.get(pk=claim.pk).status == "rejected"


def test_an_adjustment_run_is_never_recalculated_from_usage(example):
    run, ps, ws = example
    claim = claims.file_claim(run_id=run.pk, account="unidentified", key="KU", work_id=ws["Z"].pk)
    claims.accept_claim(claim_id=claim.pk)
    adjustment = claims.run_adjustment(run_id=run.pk)
    before = lines_of(adjustment)
    with pytest.raises(Exception, match="covers no usage report"):
        runs.calculate(adjustment)
    assert lines_of(adjustment) == before and claims.run_day(adjustment) == claims.run_day(run)
