"""Properties of the engine on random runs: conservation to the cent, determinism, order independence."""

import random
from dataclasses import replace

from engine_factories import RUNNING, params, party, run_input
from hypothesis import given, settings
from hypothesis import strategies as st

from distribution.runs.engine import (
    BP,
    Agreement,
    Membership,
    Share,
    TerritoryRecord,
    WorkUsage,
    allocate,
    calculate,
    choose_society,
    deduct,
)

SOCIETIES = [RUNNING, RUNNING, "052", "010", None]
TERRITORIES = [
    (),
    (),
    (),
    ((TerritoryRecord(True, "0826"),)),
    (TerritoryRecord(True, "2136"), TerritoryRecord(False, "0250")),
]
SHARE_BP = st.sampled_from([0, 1, 1250, 2500, 3333, 3334, 5000, 6667, 10000]) | st.integers(0, 6000)


@st.composite
def runs(draw, with_agreements=True, threshold=None, territorial=True):
    n_parties = draw(st.integers(1, 6))
    parties = [party(n, ipi=draw(st.booleans())) for n in range(1, n_parties + 1)]
    memberships = []
    for x in parties:
        society = draw(st.sampled_from(SOCIETIES))
        if society:
            memberships.append(Membership(party=x.ref, society=society, right="PR"))
    works = [
        WorkUsage(ref=w, key=f"W{w:08d}", weight=draw(st.integers(0, 50)))
        for w in range(1, draw(st.integers(1, 6)) + 1)
    ]
    unidentified = draw(st.dictionaries(st.sampled_from(["K1", "K2", "K3"]), st.integers(0, 20), max_size=3))
    if not sum(w.weight for w in works) + sum(unidentified.values()):
        unidentified = {"K1": 1}
    shares = [
        Share(
            work=w.ref,
            party=draw(st.sampled_from(parties)).ref,
            role=draw(st.sampled_from(["CA", "E", "A"])),
            share_bp=draw(SHARE_BP),
            territories=draw(st.sampled_from(TERRITORIES)) if territorial else (),
        )
        for w in works
        for _ in range(draw(st.integers(0, 4)))
    ]
    agreements = []
    if with_agreements:
        for _ in range(draw(st.integers(0, 3))):
            p, q = draw(st.sampled_from(parties)), draw(st.sampled_from(parties))
            agreements.append(Agreement(p.ref, q.ref, draw(st.integers(0, 7000)), frozenset({"PR"})))
    admin = draw(st.integers(0, 5000))
    social = draw(st.integers(0, 10000 - admin))
    gross = draw(st.integers(0, 10**9))
    p = params(
        gross=gross,
        admin=f"{admin / 100:.2f}",
        social=f"{social / 100:.2f}",
        threshold=draw(st.integers(0, 10**5)) if threshold is None else threshold,
    )
    return run_input(p, works, shares, parties, memberships, agreements, unidentified)


@settings(max_examples=200, deadline=None)
@given(runs())
def test_every_run_is_conserved_to_the_cent(data):
    result = calculate(data)
    s = result.summary
    assert s.balanced, s
    assert sum(x.amount for x in result.lines if x.kind != "brought_forward") == s.net
    assert all(x.amount > 0 for x in result.lines)


@settings(max_examples=100, deadline=None)
@given(runs(), st.randoms(use_true_random=False))
def test_lines_do_not_depend_on_input_order_and_repeat_exactly(data, rnd: random.Random):
    first = calculate(data)
    shuffled = replace(
        data,
        works=tuple(rnd.sample(data.works, len(data.works))),
        shares=tuple(rnd.sample(data.shares, len(data.shares))),
        memberships=tuple(rnd.sample(data.memberships, len(data.memberships))),
        agreements=tuple(rnd.sample(data.agreements, len(data.agreements))),
        unidentified=dict(rnd.sample(list(data.unidentified.items()), len(data.unidentified))),
        parties=dict(rnd.sample(list(data.parties.items()), len(data.parties))),
    )
    assert calculate(shuffled).lines == first.lines
    assert calculate(data) == calculate(data)


@settings(max_examples=150, deadline=None)
@given(runs(threshold=0))
def test_each_line_is_within_one_cent_of_its_exact_amount(data):
    result = calculate(data)
    net = deduct(data.params.gross, data.params.admin, data.params.social).net
    allocation = allocate(net, data.works, data.unidentified)
    for line in result.lines:
        weight = allocation.unidentified_weight if line.work == "" else allocation.work_weights[line.work_ref]
        exact = allocation.numerator(weight, line.share_units)
        assert abs(line.amount * allocation.denominator - exact) < allocation.denominator


@settings(max_examples=150, deadline=None)
@given(runs(with_agreements=False, threshold=0, territorial=False))
def test_sister_society_lines_add_their_members_shares(data):
    result = calculate(data)
    expected: dict[tuple[str, object], int] = {}
    for share in data.shares:
        society = choose_society([m for m in data.memberships if m.party == share.party], data.params)
        if society not in (None, RUNNING) and share.share_bp:
            expected[(society, share.work)] = expected.get((society, share.work), 0) + share.share_bp * BP
    conflicts = {w.ref for w in data.works if w.key in result.summary.conflicts}
    expected = {k: v for k, v in expected.items() if k[1] not in conflicts}
    found = {(x.payee, x.work_ref): x.share_units for x in result.lines if x.kind == "society"}
    assert set(found) <= set(expected)
    assert all(found[k] == expected[k] for k in found)
    assert sum(x.kind == "society" for x in result.lines) == len(found)  # one line per society and work


@settings(max_examples=100, deadline=None)
@given(runs(), st.integers(0, 10**6), st.integers(0, 10**5))
def test_carry_forward_across_two_runs_loses_nothing(data, second_gross, second_threshold):
    first = calculate(data)
    second_params = replace(data.params, gross=second_gross, threshold=second_threshold)
    second = calculate(replace(data, params=second_params, balances=first.balances))
    assert first.summary.balanced and second.summary.balanced
    earned = sum(x.amount for r in (first, second) for x in r.lines if x.kind in ("member", "carry_forward"))
    paid = sum(x.amount for r in (first, second) for x in r.lines if x.kind in ("member", "brought_forward"))
    carried = sum(second.balances.get(p, first.balances.get(p, 0)) for p in set(first.balances) | set(second.balances))
    assert earned == paid + carried
    for line in second.lines:
        if line.kind == "brought_forward":
            assert line.amount == first.balances[line.party] > 0
