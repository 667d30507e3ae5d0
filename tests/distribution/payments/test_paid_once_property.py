"""Property: whatever the order of batches, bank details and failed transfers, nothing is paid twice or lost."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from money_builders import approved_run, member, party, report, work

from distribution.payments import services as payments
from distribution.payments.models import CreditTransfer, PaymentItem
from distribution.runs.models import PayoutLine

pytestmark = pytest.mark.django_db

IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819", "NL91ABNA0417164300"]


@pytest.fixture
def world():
    """Two approved runs paying three members and one sister society (with brought-forward balances)."""
    a, b, c = member("A", "00000000011"), member("B", "00000000021"), member("C", "00000000022")
    p = party("P", "00000000012", "052")
    x = work("X", None, [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", None, [(b, "CA", "60"), (c, "CA", "40")])
    first = approved_run([report([(x, 3), (y, 1), ("K", 1)])], gross="10.00", threshold="3.00")
    second = approved_run([report([(x, 1), (y, 5)])], gross="99.99", threshold="3.00")
    from rightowners.models import Society

    holders = [("party", a.pk), ("party", b.pk), ("party", c.pk), ("society", Society.objects.get(code="052").pk)]
    return [first.pk, second.pk], holders


operations = st.lists(
    st.one_of(
        st.tuples(st.just("bank"), st.integers(0, 3)),
        st.tuples(st.just("batch"), st.sets(st.integers(0, 1), min_size=1)),
        st.tuples(st.sampled_from(["failed", "paid"]), st.integers(0, 20)),
    ),
    max_size=8,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_nothing_is_paid_twice(world, ops):
    run_ids, holders = world
    with transaction.atomic():
        banked: set[int] = set()
        for op, arg in ops:
            _apply(op, arg, run_ids, holders, banked)
        _check(run_ids)
        transaction.set_rollback(True)


def _apply(op, arg, run_ids, holders, banked) -> None:
    if op == "bank" and arg not in banked:
        kind, pk = holders[arg]
        payments.add_bank_account(holder=f"H{arg}", iban=IBANS[arg], **{f"{kind}_id": pk})
        banked.add(arg)
    elif op == "batch":
        try:
            payments.create_batch(run_ids=[run_ids[i] for i in sorted(arg)])
        except ValidationError as exc:
            assert "nothing left to pay" in str(exc)
    elif op in ("failed", "paid"):
        pending = list(CreditTransfer.objects.filter(status="pending").order_by("id").values_list("end_to_end_id"))
        if pending:
            payments.record_status(end_to_end_ids=[pending[arg % len(pending)][0]], status=op)


def _check(run_ids) -> None:
    active = Counter(PaymentItem.objects.filter(active=True).values_list("run_id", "payee_kind", "payee"))
    assert all(n == 1 for n in active.values())
    # What runs owe = what active items paid + what is still owed: each (run, payee) exactly once.
    kinds = (PayoutLine.PayeeKind.MEMBER, PayoutLine.PayeeKind.BROUGHT_FORWARD, PayoutLine.PayeeKind.SOCIETY)
    total_owed = PayoutLine.objects.filter(run_id__in=run_ids, payee_kind__in=kinds).aggregate(t=Sum("amount"))["t"]
    from distribution.runs.models import DistributionRun

    still = payments.owed(list(DistributionRun.objects.filter(pk__in=run_ids)))
    items = PaymentItem.objects.filter(active=True)
    assert (items.aggregate(t=Sum("amount"))["t"] or 0) + sum(o.amount for o in still) == total_owed
    # Money sent (not failed) is what the active items pay, less withholding.
    sent = CreditTransfer.objects.exclude(status="failed").aggregate(t=Sum("amount"))["t"] or 0
    net = sum(a - w for a, w in items.values_list("amount", "withholding"))
    assert sent == net
