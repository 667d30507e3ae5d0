"""Properties of runs paid from pools of money (adjustments, releases, incoming statements), engine-level."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from distribution.runs import engine
from distribution.runs.engine import pooled

PARAMS = dict(
    admin=Decimal(0), social=Decimal(0), right="PR", territory="2136", society_code="999", on=date(2025, 6, 30)
)


@settings(max_examples=200, deadline=None)
@given(total=st.integers(0, 10**9), weights=st.lists(st.integers(1, 10**6), min_size=1, max_size=12), data=st.data())
def test_draws_never_exceed_the_account_and_together_empty_it(total, weights, data):
    order = data.draw(st.permutations(range(len(weights))))
    drawn, taken = 0, []
    for i in order:
        taken.append(pooled.telescoped(total, drawn, weights[i], sum(weights)))
        drawn += weights[i]
        assert 0 <= sum(taken) <= total
    assert sum(taken) == total
    for i, amount in zip(order, taken, strict=True):  # each draw is its exact share, within a cent
        assert abs(amount - total * weights[i] / sum(weights)) < 1


pools = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 10**7)), min_size=1, max_size=8)
shares = st.lists(st.lists(st.integers(0, 6000), min_size=1, max_size=3), min_size=4, max_size=4)


@settings(max_examples=150, deadline=None)
@given(pool_rows=pools, picture=shares, threshold=st.integers(0, 10**5), unidentified=st.integers(0, 10**6))
def test_pool_runs_are_conserved_and_pay_each_pool_within_its_rounding(pool_rows, picture, threshold, unidentified):
    """G = Σ lines for any share picture and threshold; a work is paid its pools' amount up to the cents that
    rounding moves between lines (fewer than its number of exact lines), the unidentified account exactly."""
    parties = {p: engine.Party(p, f"P{p:08d}") for p in range(12)}
    memberships = tuple(engine.Membership(p, "999" if p % 3 else "052", "PR") for p in range(12))
    by_work = {w: [engine.Share(w, w * 3 + i, "CA", bp) for i, bp in enumerate(picture[w])] for w in range(4)}
    amounts: dict[int, int] = {}
    for w, amount in pool_rows:
        amounts[w] = amounts.get(w, 0) + amount
    gross = sum(amounts.values()) + unidentified
    run = pooled.PoolInput(
        params=engine.RunParams(gross=gross, threshold=threshold, **PARAMS),
        pools=tuple(pooled.Pool(w, f"W{w:08d}", a, w) for w, a in amounts.items()),
        unidentified={"K": unidentified} if unidentified else {},
        shares=by_work,
        parties=parties,
        memberships=memberships,
    )
    result = pooled.calculate(run)
    assert result.summary.balanced and result.summary.conserved == gross
    for w, amount in amounts.items():
        lines = [x.amount for x in result.lines if x.work == f"W{w:08d}" and x.kind != "brought_forward"]
        exact_lines = len(picture[w]) + 1  # one per share, and the unclaimed rest (zero lines are not written)
        assert abs(sum(lines) - amount) < exact_lines
    assert result.summary.suspense["unidentified"] == unidentified
    keys = [(x.kind, x.payee, x.work) for x in result.lines]
    assert len(keys) == len(set(keys))  # one line per (kind, payee, work)
