"""The neighbouring-rights split (distribution/engine/related.py): worked example, rules and properties."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distribution.runs.engine import (
    BP,
    CARRY_FORWARD,
    MEMBER,
    SOCIETY,
    SUSPENSE,
    EngineError,
    Membership,
    Party,
    RunParams,
    TerritoryRecord,
    WorkUsage,
)
from distribution.runs.engine.related import (
    FEATURED,
    MAIN,
    NON_FEATURED,
    PRODUCER,
    Contributor,
    ProducerShare,
    RelatedRunInput,
    RelatedSplit,
    calculate_related,
    recording_picture,
)
from wipoconnect.core.codes import RELATED_RIGHT

RUNNING = "035"
DAY = date(2025, 12, 31)


def params(gross=100000, admin="15", social="10", territory="2136", threshold=0) -> RunParams:
    return RunParams(
        gross=gross,
        admin=Decimal(admin),
        social=Decimal(social),
        right=RELATED_RIGHT,
        territory=territory,
        society_code=RUNNING,
        on=DAY,
        threshold=threshold,
    )


def party(ref: int) -> Party:
    return Party(ref=ref, code=f"P{ref:08d}", ipi_name=f"{ref:011d}")


def member(ref: int, society: str = RUNNING) -> Membership:
    return Membership(party=ref, society=society, right=RELATED_RIGHT)


def run(recordings, contributors, producers, parties, memberships, split=None, unidentified=None, **kw):
    return RelatedRunInput(
        params=params(**kw),
        split=split or RelatedSplit(),
        recordings=tuple(recordings),
        unidentified=unidentified or {},
        contributors=tuple(contributors),
        producers=tuple(producers),
        parties={p: party(p) for p in parties},
        memberships=tuple(memberships),
    )


def amounts(result) -> dict[tuple[str, str, str], int]:
    return {(x.kind, x.payee, x.work): x.amount for x in result.lines}


def test_worked_example_splits_producers_and_performers_and_sums_to_net():
    # G 1000.00, a 15 %, s 10 % → N 75000. R1 weighs 2, R2 1, one unidentified play: W = 4.
    # R1 (37500): label L 100 % → 18750; performers 18750 split 65/35: main artist A 12187.5,
    #   non-featured B (sister society 052) and C 3281.25 each.
    # R2 (18750): label L owned it until 2024, label M owns 50 % since 2025 → M 4687.5, unclaimed 4687.5;
    #   A alone as featured takes the whole performers' part 9375.
    # Floors leave 2 cents: ties at .5 go to A (key 00000000001) then M (…05) before "unclaimed".
    A, B, C, L, M = 1, 2, 3, 4, 5
    recordings = [WorkUsage(101, "GBAAA2500001", 2), WorkUsage(102, "GBAAA2500002", 1)]
    contributors = [
        Contributor(101, A, MAIN),
        Contributor(101, B, NON_FEATURED),
        Contributor(101, C, NON_FEATURED),
        Contributor(102, A, FEATURED),
    ]
    producers = [
        ProducerShare(101, L, BP),
        ProducerShare(102, L, BP, valid_to=date(2024, 12, 31)),
        ProducerShare(102, M, BP // 2, valid_from=date(2025, 1, 1)),
    ]
    memberships = [member(A), member(B, "052"), member(C), member(L), member(M)]
    split = RelatedSplit(producers=Decimal(50), featured_weight=Decimal(65), non_featured_weight=Decimal(35))
    result = calculate_related(run(recordings, contributors, producers, [A, B, C, L, M], memberships, split, {"K": 1}))
    key = party
    assert amounts(result) == {
        (MEMBER, key(L).key, "GBAAA2500001"): 18750,
        (MEMBER, key(A).key, "GBAAA2500001"): 12188,
        (SOCIETY, "052", "GBAAA2500001"): 3281,
        (MEMBER, key(C).key, "GBAAA2500001"): 3281,
        (MEMBER, key(M).key, "GBAAA2500002"): 4688,
        (SUSPENSE, "unclaimed", "GBAAA2500002"): 4687,
        (MEMBER, key(A).key, "GBAAA2500002"): 9375,
        (SUSPENSE, "unidentified", ""): 18750,
    }
    s = result.summary
    assert (s.admin, s.social, s.net) == (15000, 10000, 75000)
    assert s.balanced and sum(x.amount for x in result.lines) == s.net


def test_roles_of_a_performer_who_is_also_producer_are_added_on_one_line():
    result = calculate_related(
        run([WorkUsage(1, "R1", 1)], [Contributor(1, 7, MAIN)], [ProducerShare(1, 7, BP)], [7], [member(7)])
    )
    (line,) = result.lines
    assert line.roles == (MAIN, PRODUCER) and line.amount == result.summary.net


def test_group_without_performers_leaves_its_part_to_the_other_group():
    split = RelatedSplit(producers=Decimal(0), featured_weight=Decimal(3), non_featured_weight=Decimal(1))
    only_session = recording_picture([Contributor(1, 2, NON_FEATURED)], [], split, "2136", DAY)
    assert only_session.entries == ((2, NON_FEATURED, Fraction(1)),) and not only_session.unclaimed
    both = recording_picture([Contributor(1, 1, MAIN), Contributor(1, 2, NON_FEATURED)], [], split, "2136", DAY)
    assert dict((p, x) for p, _, x in both.entries) == {1: Fraction(3, 4), 2: Fraction(1, 4)}


def test_recording_without_performers_sends_their_part_to_unclaimed():
    picture = recording_picture([], [ProducerShare(1, 9, BP)], RelatedSplit(), "2136", DAY)
    assert picture.entries == ((9, PRODUCER, Fraction(1, 2)),) and picture.unclaimed == Fraction(1, 2)


def test_producer_shares_over_100_percent_send_the_recording_to_conflict():
    producers = [ProducerShare(1, 1, 6000), ProducerShare(1, 2, 6000)]
    result = calculate_related(run([WorkUsage(1, "R1", 1)], [Contributor(1, 3, MAIN)], producers, [1, 2, 3], []))
    assert amounts(result) == {(SUSPENSE, "conflict", "R1"): result.summary.net}
    assert "120.00" in result.summary.conflicts["R1"]


def test_producer_share_limited_to_another_territory_collects_nothing_here():
    uk_only = ProducerShare(1, 1, BP, territories=(TerritoryRecord(True, "0826"),))
    picture = recording_picture([Contributor(1, 2, MAIN)], [uk_only], RelatedSplit(), "2136", DAY)
    assert picture.unclaimed == Fraction(1, 2)
    assert recording_picture([], [uk_only], RelatedSplit(), "0826", DAY).entries[0][2] == Fraction(1, 2)


def test_performers_without_membership_go_to_unaffiliated_and_small_members_carry_forward():
    result = calculate_related(
        run(
            [WorkUsage(1, "R1", 1)],
            [Contributor(1, 1, MAIN), Contributor(1, 2, FEATURED)],
            [ProducerShare(1, 3, BP)],
            [1, 2, 3],
            [member(1), member(3)],
            gross=1000,
            admin="0",
            social="0",
            threshold=300,
        )
    )
    by = {(x.kind, x.payee): x.amount for x in result.lines}
    assert by[(SUSPENSE, "unaffiliated")] == 250 and by[(CARRY_FORWARD, party(1).key)] == 250
    assert by[(MEMBER, party(3).key)] == 500 and result.balances[1] == 250


def test_invalid_split_settings_are_refused_with_reasons():
    with pytest.raises(EngineError, match="both 0"):
        RelatedSplit(featured_weight=Decimal(0), non_featured_weight=Decimal(0))
    with pytest.raises(EngineError, match="producers' share"):
        RelatedSplit(producers=Decimal("100.5"))
    with pytest.raises(EngineError, match="must be a number"):
        RelatedSplit(featured_weight=Decimal(-1))


ROLES = st.sampled_from([MAIN, FEATURED, NON_FEATURED])
SOCIETIES = st.sampled_from([RUNNING, RUNNING, "052", None])


@st.composite
def related_runs(draw):
    parties = list(range(1, draw(st.integers(1, 7)) + 1))
    memberships = [member(p, s) for p in parties if (s := draw(SOCIETIES))]
    recordings = [WorkUsage(r, f"R{r}", draw(st.integers(0, 40))) for r in range(1, draw(st.integers(1, 5)) + 1)]
    contributors = {
        (r.ref, p): Contributor(r.ref, p, draw(ROLES))
        for r in recordings
        for p in draw(st.lists(st.sampled_from(parties), max_size=5))
    }
    producers = [
        ProducerShare(r.ref, draw(st.sampled_from(parties)), draw(st.sampled_from([0, 3333, 5000, 6667, BP])))
        for r in recordings
        for _ in range(draw(st.integers(0, 2)))
    ]
    unidentified = draw(st.dictionaries(st.sampled_from(["K1", "K2"]), st.integers(0, 9), max_size=2))
    if not sum(r.weight for r in recordings) + sum(unidentified.values()):
        unidentified = {"K1": 1}
    split = RelatedSplit(
        producers=Decimal(draw(st.integers(0, 10000))) / 100,
        featured_weight=Decimal(draw(st.integers(1, 9))),
        non_featured_weight=Decimal(draw(st.integers(0, 9))),
    )
    return run(
        recordings,
        contributors.values(),
        producers,
        parties,
        memberships,
        split,
        unidentified,
        gross=draw(st.integers(0, 10**9)),
        threshold=draw(st.integers(0, 5000)),
    )


@settings(max_examples=150, deadline=None)
@given(related_runs())
def test_every_run_conserves_the_gross_to_the_cent(related_run):
    result = calculate_related(related_run)
    s = result.summary
    assert s.balanced
    assert sum(x.amount for x in result.lines if x.kind != "brought_forward") == s.net
    assert all(x.amount > 0 for x in result.lines)


@settings(max_examples=80, deadline=None)
@given(related_runs())
def test_each_line_is_within_one_cent_of_its_exact_amount_and_runs_are_deterministic(related_run):
    first, second = calculate_related(related_run), calculate_related(related_run)
    assert first.lines == second.lines
    exact = Fraction(first.summary.net, first.allocation.total_weight)
    for line in first.lines:
        if line.kind in (MEMBER, SOCIETY, SUSPENSE, CARRY_FORWARD):
            ideal = exact * line.weight * Fraction(line.share_units, 10**8)
            assert abs(line.amount - ideal) < 1 + Fraction(line.weight * first.summary.net, 10**8)
