"""The worked example of distribution-rules.md, to the cent."""

from fractions import Fraction

from engine_factories import RUNNING, params, party, run_input

from distribution.runs.engine import Membership, Share, WorkUsage, calculate

A, P, B, C, Q = (party(n) for n in (11, 12, 21, 22, 23))  # B's IPI sorts before C's and Q's
X = WorkUsage(ref=1, key="T0000000011", weight=2)
Y = WorkUsage(ref=2, key="T0000000022", weight=1)


def worked_example(threshold=5000):
    shares = [
        Share(work=1, party=A.ref, role="CA", share_bp=5000),
        Share(work=1, party=P.ref, role="E", share_bp=5000),
        Share(work=2, party=B.ref, role="CA", share_bp=3333),
        Share(work=2, party=C.ref, role="CA", share_bp=3333),
        Share(work=2, party=Q.ref, role="E", share_bp=3333),
    ]
    memberships = [Membership(party=x.ref, society=RUNNING, right="PR") for x in (A, B, C, Q)]
    memberships.append(Membership(party=P.ref, society="052", right="PR"))
    p = params(gross=100000, admin="15", social="10", threshold=threshold)
    data = run_input(p, [X, Y], shares, [A, P, B, C, Q], memberships, unidentified={"UNKNOWN SONG|SOMEONE": 1})
    return calculate(data)


def test_deductions_and_pools_of_the_worked_example():
    result = worked_example()
    s = result.summary
    assert (s.gross, s.admin, s.social, s.net) == (100000, 15000, 10000, 75000)
    assert result.allocation.total_weight == 4
    assert result.allocation.work_amount(1) == 37500
    assert result.allocation.work_amount(2) == 18750
    assert result.allocation.unidentified_amount() == Fraction(18750)


def test_lines_of_the_worked_example():
    lines = {(x.kind, x.payee, x.work): x.amount for x in worked_example().lines}
    assert lines == {
        ("member", A.ipi_name, X.key): 18750,
        ("society", "052", X.key): 18750,
        ("member", B.ipi_name, Y.key): 6250,  # tie at .375 with C and Q: B's key sorts first
        ("member", C.ipi_name, Y.key): 6249,
        ("member", Q.ipi_name, Y.key): 6249,
        ("suspense", "unclaimed", Y.key): 2,  # 1.875 floors to 1 and has the largest remainder
        ("suspense", "unidentified", ""): 18750,
    }


def test_worked_example_is_conserved_and_everyone_is_paid():
    result = worked_example()
    s = result.summary
    assert s.balanced and s.conserved == 100000
    assert s.totals == {"member": 37498, "society": 18750, "suspense": 18752, "carry_forward": 0, "brought_forward": 0}
    assert s.suspense == {"unidentified": 18750, "unclaimed": 2, "conflict": 0, "unaffiliated": 0}
    assert all(balance == 0 for balance in result.balances.values())


def test_worked_example_lines_carry_statement_details():
    line = next(x for x in worked_example().lines if x.payee == B.ipi_name)
    assert line.roles == ("CA",) and str(line.share_percent) == "33.33" and line.weight == 1
