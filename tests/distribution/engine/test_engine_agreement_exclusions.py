"""An agreement's territories are an ordered include/exclude sequence (CWR AGR with TER records): "World except
Japan" moves the share in every country but Japan, nothing in Japan, and nothing for a World run (its territories
do not cover the whole World)."""

from engine_factories import RUNNING, amounts, params, party, run_input

from distribution.runs.engine import Agreement, Membership, Share, TerritoryRecord, WorkUsage, calculate

W1 = WorkUsage(ref=1, key="T0000000011", weight=1)
WORLD_BUT_JAPAN = (TerritoryRecord(True, "2136"), TerritoryRecord(False, "0392"))


def _amounts(territory: str) -> dict:
    p, q = party(1), party(2)
    members = [Membership(party=x.ref, society=RUNNING, right="PR") for x in (p, q)]
    agreement = Agreement(p.ref, q.ref, 2500, frozenset({"PR"}), territories=WORLD_BUT_JAPAN)
    shares = [Share(1, p.ref, "E", 10000)]
    data = run_input(
        params(gross=10000, admin="0", social="0", territory=territory), [W1], shares, [p, q], members, [agreement]
    )
    result = calculate(data)
    return {payee: amount for (_kind, payee, _work), amount in amounts(result).items()}, p, q


def test_world_except_japan_moves_nothing_in_japan():
    paid, p, _q = _amounts("0392")
    assert paid == {p.ipi_name: 10000}


def test_world_except_japan_moves_the_share_in_other_countries_and_territories():
    for territory in ("0826", "0276", "2120"):  # United Kingdom, Germany, Europe (no Japan in it)
        paid, p, q = _amounts(territory)
        assert paid == {p.ipi_name: 7500, q.ipi_name: 2500}, territory


def test_world_except_japan_does_not_cover_a_world_run():
    paid, p, _q = _amounts("2136")
    assert paid == {p.ipi_name: 10000}
