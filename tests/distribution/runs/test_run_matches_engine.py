"""The database pipeline, cut into tiny chunks, gives exactly the lines of the in-memory engine (random runs)."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from run_factories import party, report, work

from distribution.runs import calculation, engine
from distribution.runs import services as runs
from distribution.runs.models import PayoutLine

pytestmark = pytest.mark.django_db
SOCIETIES = [None, "052", "010", "OWN", "OWN"]


@st.composite
def scenarios(draw):
    n_parties = draw(st.integers(1, 5))
    parties = [(draw(st.sampled_from(SOCIETIES)), draw(st.booleans())) for _ in range(n_parties)]
    works = []
    for _ in range(draw(st.integers(1, 5))):
        shares = draw(st.lists(st.tuples(st.integers(0, n_parties - 1), st.integers(0, 6000)), max_size=4))
        plays = draw(st.lists(st.integers(0, 9), min_size=1, max_size=4))
        works.append((shares, plays))
    unidentified = draw(st.lists(st.integers(1, 5), max_size=3))
    money = (
        draw(st.integers(1, 10**8)),
        draw(st.integers(0, 3000)),
        draw(st.integers(0, 3000)),
        draw(st.integers(0, 10**4)),
    )
    return parties, works, unidentified, money


def build(parties, works, unidentified):
    own = django_settings.SOCIETY_CODE
    db_parties = [
        party(f"N{i}", f"{i + 1:011d}" if ipi else None, own if soc == "OWN" else soc)
        for i, (soc, ipi) in enumerate(parties)
    ]
    db_works, lines = [], []
    for i, (shares, plays) in enumerate(works):
        w = work(f"T{i}", None, [(db_parties[p], "CA", Decimal(bp) / 100) for p, bp in shares])
        db_works.append(w)
        lines += [(w, n) for n in plays]
    lines += [(None, n) for n in unidentified]
    return db_parties, db_works, report(lines)


def reference(db_parties, db_works, parties, works, unidentified, money, run):
    """The engine on the same facts, built here without the feed module."""
    own = django_settings.SOCIETY_CODE
    gross, admin, social, threshold = money
    params = engine.RunParams(
        gross, Decimal(admin) / 100, Decimal(social) / 100, "PR", "2136", own, date(2025, 6, 30), threshold
    )
    shares = [
        engine.Share(w.pk, db_parties[p].pk, "CA", bp)
        for w, (sh, _) in zip(db_works, works, strict=True)
        for p, bp in sh
    ]
    memberships = [
        engine.Membership(p.pk, own if soc == "OWN" else soc, "PR")
        for p, (soc, _) in zip(db_parties, parties, strict=True)
        if soc
    ]
    data = engine.RunInput(
        params=params,
        works=tuple(engine.WorkUsage(w.pk, w.code, sum(pl)) for w, (_, pl) in zip(db_works, works, strict=True)),
        unidentified={f"KX{i}": n for i, n in enumerate(unidentified)},
        shares=tuple(shares),
        parties={p.pk: engine.Party(p.pk, p.code, p.ipi_name) for p in db_parties},
        memberships=tuple(memberships),
    )
    return sorted((x.kind, x.payee, x.work, x.amount) for x in engine.calculate(data).lines)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_chunked_database_run_equals_the_engine(scenario, monkeypatch):
    parties, works, unidentified, money = scenario
    monkeypatch.setattr(calculation, "LINES_PER_CHUNK", 2)
    monkeypatch.setattr(calculation, "WORKS_PER_CHUNK", 2)
    with transaction.atomic():
        db_parties, db_works, rep = build(parties, works, unidentified)
        gross, admin, social, threshold = money
        if not any(n for _, pl in works for n in pl) and not unidentified:
            transaction.set_rollback(True)
            return
        run = runs.create_run(
            name="p",
            report_ids=[rep.pk],
            right="PR",
            territory="2136",
            gross=Decimal(gross) / 100,
            currency="EUR",
            admin=Decimal(admin) / 100,
            social=Decimal(social) / 100,
            threshold=Decimal(threshold) / 100,
        )
        job = runs.calculate(run)
        assert job.status == "succeeded", job.error
        found = sorted(PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "amount"))
        assert found == reference(db_parties, db_works, parties, works, unidentified, money, run)
        transaction.set_rollback(True)
