"""Each rule of distribution-rules.md on small, hand-checkable inputs."""

from datetime import date
from decimal import Decimal

import pytest
from engine_factories import RUNNING, amounts, params, party, run_input

from distribution.runs.engine import (
    Agreement,
    Deductions,
    EngineError,
    Membership,
    Share,
    TerritoryRecord,
    WorkUsage,
    calculate,
    choose_society,
    deduct,
    largest_remainders,
    parse_percent,
    usage_weight,
)
from wipoconnect.core.territories import collection_share

W1 = WorkUsage(ref=1, key="T0000000011", weight=1)
UK_ONLY = (TerritoryRecord(True, "0826"),)
WORLD_BUT_UK = (TerritoryRecord(True, "2136"), TerritoryRecord(False, "0826"))


def member(x, society=RUNNING, **kw):
    return Membership(party=x.ref, society=society, right="PR", **kw)


def test_percentages_have_at_most_two_decimals_and_stay_within_100():
    assert parse_percent("12.5") == Decimal("12.5")
    for bad in ("12.345", "101", "-1"):
        with pytest.raises(EngineError):
            parse_percent(bad)
    with pytest.raises(EngineError, match="exceed 100"):
        deduct(100, Decimal("60"), Decimal("50"))


def test_deductions_round_half_to_even_on_the_gross():
    assert deduct(1, Decimal("50"), Decimal("0")) == Deductions(1, 0, 0, 1)  # 0.5 → 0
    assert deduct(3, Decimal("50"), Decimal("0")) == Deductions(3, 2, 0, 1)  # 1.5 → 2
    assert deduct(25, Decimal("10"), Decimal("30")) == Deductions(25, 2, 8, 15)  # 2.5 → 2, 7.5 → 8
    assert deduct(100001, Decimal("15.5"), Decimal("0.01")) == Deductions(100001, 15500, 10, 84491)
    with pytest.raises(EngineError, match="negative"):
        deduct(3, Decimal("50"), Decimal("50"))  # 2 + 2 > 3


def test_duration_weighting_falls_back_to_work_duration_then_180_seconds():
    assert usage_weight(3, "plays", 200) == 3
    assert usage_weight(3, "duration", 200, 100) == 600
    assert usage_weight(3, "duration", None, 100) == 300
    assert usage_weight(3, "duration") == 540


def test_a_run_without_weight_is_an_error():
    with pytest.raises(EngineError, match="W = 0"):
        calculate(run_input(params(), [WorkUsage(1, "W00000001", 0)], [], []))


def test_uk_only_share_collects_nothing_in_world_but_everything_in_the_uk():
    assert collection_share(UK_ONLY, "2136", 5000) == 0
    assert collection_share(UK_ONLY, "0826", 5000) == 5000
    assert collection_share(WORLD_BUT_UK, "0250", 5000) == 5000
    assert collection_share(WORLD_BUT_UK, "0826", 5000) == 0
    assert collection_share(WORLD_BUT_UK, "2136", 5000) == 0
    assert collection_share((), "0826", 5000) == 5000
    territorial = (TerritoryRecord(True, "2120", 2500), TerritoryRecord(True, "0250", 7500))  # Europe, France
    assert collection_share(territorial, "0276", 5000) == 2500
    assert collection_share(territorial, "0250", 5000) == 7500


def test_share_outside_the_territory_leaves_its_amount_unclaimed():
    a, b = party(1), party(2)
    shares = [Share(1, a.ref, "CA", 5000), Share(1, b.ref, "E", 5000, UK_ONLY)]
    result = calculate(
        run_input(params(gross=10000, admin="0", social="0"), [W1], shares, [a, b], [member(a), member(b)])
    )
    assert amounts(result) == {("member", a.ipi_name, W1.key): 5000, ("suspense", "unclaimed", W1.key): 5000}


def test_shares_above_100_percent_send_the_whole_work_to_conflict():
    a, b = party(1), party(2)
    shares = [Share(1, a.ref, "CA", 5000), Share(1, b.ref, "E", 5001)]
    result = calculate(run_input(params(gross=10000, admin="0", social="0"), [W1], shares, [a, b], [member(a)]))
    assert amounts(result) == {("suspense", "conflict", W1.key): 10000}
    assert "100.01 %" in result.summary.conflicts[W1.key]


def test_agreement_moves_its_percentage_to_the_acquirer_without_chaining():
    p, q, r = party(1), party(2), party(3)
    agreements = [
        Agreement(assignor=p.ref, acquirer=q.ref, share_bp=2500, rights=frozenset({"PR"})),
        Agreement(assignor=q.ref, acquirer=r.ref, share_bp=10000, rights=frozenset({"PR"})),  # not chained
    ]
    shares = [Share(1, p.ref, "E", 10000)]
    data = run_input(
        params(gross=10000, admin="0", social="0"), [W1], shares, [p, q, r], map(member, (p, q, r)), agreements
    )
    result = calculate(data)
    assert amounts(result) == {("member", p.ipi_name, W1.key): 7500, ("member", q.ipi_name, W1.key): 2500}
    assert next(x for x in result.lines if x.payee == q.ipi_name).roles == ("SE",)


def test_agreements_outside_territory_right_dates_or_works_do_not_apply():
    p, q = party(1), party(2)
    ignored = [
        Agreement(p.ref, q.ref, 5000, frozenset({"MR"})),
        Agreement(p.ref, q.ref, 5000, frozenset({"PR"}), territories=UK_ONLY),
        Agreement(p.ref, q.ref, 5000, frozenset({"PR"}), valid_to=date(2025, 12, 30)),
        Agreement(p.ref, q.ref, 5000, frozenset({"PR"}), works=frozenset({99})),
    ]
    shares = [Share(1, p.ref, "E", 10000)]
    data = run_input(params(gross=100, admin="0", social="0"), [W1], shares, [p, q], [member(p), member(q)], ignored)
    assert amounts(calculate(data)) == {("member", p.ipi_name, W1.key): 100}


def test_agreements_skip_shares_with_territory_records_and_over_100_percent_is_conflict():
    p, q = party(1), party(2)
    agreement = Agreement(p.ref, q.ref, 6000, frozenset({"PR"}))
    territorial = [Share(1, p.ref, "E", 10000, (TerritoryRecord(True, "2136"),))]
    data = run_input(params(gross=100, admin="0", social="0"), [W1], territorial, [p, q], [member(p)], [agreement])
    assert amounts(calculate(data)) == {("member", p.ipi_name, W1.key): 100}
    plain = [Share(1, p.ref, "E", 10000)]
    data = run_input(params(gross=100, admin="0", social="0"), [W1], plain, [p, q], [member(p)], [agreement] * 2)
    assert amounts(calculate(data)) == {("suspense", "conflict", W1.key): 100}


def test_membership_choice_order():
    p = params()
    x = party(1)
    assert choose_society([member(x, "052"), member(x, RUNNING)], p) == RUNNING
    assert choose_society([member(x, "052"), member(x, "010")], p) == "010"
    country = (TerritoryRecord(True, "0826"),)
    assert choose_society([member(x, "052"), member(x, "080", territories=country)], params(territory="0826")) == "080"
    assert choose_society([member(x, RUNNING), member(x, "052", by_staff=True)], p) == "052"
    assert choose_society([member(x, RUNNING, valid_to=date(2025, 1, 1)), member(x, "052")], p) == "052"
    assert choose_society([Membership(x.ref, RUNNING, "MR")], p) is None
    assert choose_society([member(x, RUNNING, territories=country)], p) is None


def test_payees_are_member_by_ipi_or_code_society_or_unaffiliated():
    a, b, c, d = party(1), party(2, ipi=False), party(3), party(4)
    shares = [Share(1, x.ref, "CA", 2500) for x in (a, b, c, d)]
    memberships = [member(a), member(b), member(c, "052")]
    result = calculate(run_input(params(gross=400, admin="0", social="0"), [W1], shares, [a, b, c, d], memberships))
    assert amounts(result) == {
        ("member", a.ipi_name, W1.key): 100,
        ("member", "P00000002", W1.key): 100,
        ("society", "052", W1.key): 100,
        ("suspense", "unaffiliated", W1.key): 100,
    }


def test_sister_society_line_adds_all_its_members_shares_in_a_work():
    a, b, c = party(1), party(2), party(3)
    shares = [Share(1, a.ref, "CA", 3333), Share(1, b.ref, "A", 3333), Share(1, c.ref, "E", 3334)]
    memberships = [member(a, "052"), member(b, "052"), member(c)]
    result = calculate(run_input(params(gross=1000, admin="0", social="0"), [W1], shares, [a, b, c], memberships))
    society = next(x for x in result.lines if x.kind == "society")
    assert (society.payee, society.amount, society.roles, str(society.share_percent)) == (
        "052",
        667,
        ("A", "CA"),
        "66.66",
    )


def test_missing_cents_go_to_largest_remainders_ties_by_code_point_order():
    candidates = [(5, "a", "W2", "a-w2"), (5, "Z", "W9", "Z"), (7, "b", "", "b"), (5, "a", "W1", "a-w1")]
    assert largest_remainders(candidates, 1) == ["b"]
    assert largest_remainders(candidates, 3) == ["b", "Z", "a-w1"]  # "Z" < "a" by code point
    with pytest.raises(EngineError):
        largest_remainders([(0, "a", "", 1)], 1)


def test_zero_lines_are_not_written():
    a, b = party(1), party(2)
    shares = [Share(1, a.ref, "CA", 9999), Share(1, b.ref, "E", 1)]
    result = calculate(
        run_input(params(gross=100, admin="0", social="0"), [W1], shares, [a, b], [member(a), member(b)])
    )
    assert amounts(result) == {("member", a.ipi_name, W1.key): 100}


def test_member_below_threshold_is_carried_forward_then_paid_with_the_balance():
    a, b = party(1), party(2)
    shares = [Share(1, a.ref, "CA", 9000), Share(1, b.ref, "E", 1000)]
    memberships = [member(a), member(b)]
    first = calculate(
        run_input(params(gross=1000, admin="0", social="0", threshold=500), [W1], shares, [a, b], memberships)
    )
    assert amounts(first) == {("member", a.ipi_name, W1.key): 900, ("carry_forward", b.ipi_name, W1.key): 100}
    assert first.balances == {a.ref: 0, b.ref: 100} and first.summary.balanced
    second_input = run_input(
        params(gross=4000, admin="0", social="0", threshold=500),
        [W1],
        shares,
        [a, b],
        memberships,
        balances=first.balances,
    )
    second = calculate(second_input)
    assert amounts(second) == {
        ("member", a.ipi_name, W1.key): 3600,
        ("member", b.ipi_name, W1.key): 400,
        ("brought_forward", b.ipi_name, ""): 100,
    }
    assert second.balances == {a.ref: 0, b.ref: 0} and second.summary.balanced
    assert second.summary.totals["brought_forward"] == 100


def test_sister_societies_and_suspense_are_always_paid():
    a = party(1)
    shares = [Share(1, a.ref, "CA", 5000)]
    result = calculate(
        run_input(params(gross=100, admin="0", social="0", threshold=10**6), [W1], shares, [a], [member(a, "052")])
    )
    assert {x.kind for x in result.lines} == {"society", "suspense"}


def test_engine_has_no_django_imports():
    import ast
    from pathlib import Path

    import distribution.runs.engine as engine

    for path in Path(engine.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in {"django", "rest_framework", "celery"} for n in names), path
