"""Properties of the one run pipeline for neighbouring-rights and pooled (incoming) runs: however the run is
chunked, G = A + S + Σ lines to the cent, and the lines are exactly the in-memory engine's for the same inputs."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from run_factories import party, society, work

from distribution.payments import incoming
from distribution.payments.models import IncomingLine, IncomingStatement
from distribution.runs import calculation, engine, pooled, related
from distribution.runs.engine import pooled as pooled_engine
from distribution.runs.engine.related import RelatedRunInput, RelatedSplit, calculate_related
from distribution.runs.models import PayoutLine, RunOrigin
from distribution.usage.models import Match, RecordingMatch, UsageLine, UsageReport
from works.models import ProducerShare, Recording, RecordingContributor

pytestmark = pytest.mark.django_db
CONSERVED = ("member", "society", "suspense", "carry_forward")
PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def parties():
    own = django_settings.SOCIETY_CODE
    societies = [own, own, "052", None]
    return [party(f"N{i}", f"{i + 700:011d}", societies[i % 4], right="RR") for i in range(6)]


def chunk_sizes():
    return st.tuples(st.integers(1, 4), st.integers(1, 3))


def payout_lines(run):
    return sorted(PayoutLine.objects.filter(run=run).values_list("payee_kind", "payee", "work_key", "amount"))


def engine_lines(result):
    return sorted((x.kind, x.payee, x.work, x.amount) for x in result.lines)


def assert_conserved(run):
    run.refresh_from_db()
    lines = payout_lines(run)
    assert run.summary["balanced"] and run.status == "calculated"
    assert run.gross == run.admin_amount + run.social_amount + sum(a for k, _, _, a in lines if k in CONSERVED)


recordings = st.lists(
    st.fixed_dictionaries(
        {
            "featured": st.lists(st.integers(0, 5), max_size=3),  # party indexes
            "non_featured": st.lists(st.integers(0, 5), max_size=2),
            "producers": st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6000)), max_size=3),  # basis points
            "plays": st.lists(st.integers(0, 9), max_size=3),
        }
    ),
    min_size=1,
    max_size=4,
)
splits = st.tuples(st.integers(0, 10000), st.integers(0, 3), st.integers(0, 3)).filter(lambda s: s[1] + s[2])


@PROPERTY
@given(
    recs=recordings,
    unidentified=st.lists(st.integers(0, 5), max_size=3),
    split=splits,
    gross=st.integers(0, 10**7),
    admin=st.integers(0, 2000),
    threshold=st.integers(0, 3000),
    sizes=chunk_sizes(),
)
def test_neighbouring_rights_runs_conserve_the_gross_and_match_the_engine(
    parties, recs, unidentified, split, gross, admin, threshold, sizes
):
    if not sum(sum(r["plays"]) for r in recs) + sum(unidentified):
        return  # W = 0: refused, nothing to conserve
    with transaction.atomic():
        rep = UsageReport.objects.create(
            source="p",
            filename="p.csv",
            checksum="p" * 64,
            format="csv",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            right_type="PR",
        )
        line = 0
        weights = {}
        for i, r in enumerate(recs):
            recording = Recording.objects.create(isrc=f"GBAAA25{i:05d}", title=f"R{i}")
            featured = set(r["featured"])  # a party performs once on a recording, and owns one share of it
            for role, group in (("featured", featured), ("non_featured", set(r["non_featured"]) - featured)):
                for p in group:
                    RecordingContributor.objects.create(recording=recording, party=parties[p], role=role)
            for p, bp in dict(r["producers"]).items():
                ProducerShare.objects.create(recording=recording, party=parties[p], share=Decimal(bp).scaleb(-2))
            match = Match.objects.create(report=rep, key=f"K{i}", status=Match.Status.UNIDENTIFIED)
            RecordingMatch.objects.create(match=match, recording=recording, status=Match.Status.AUTO)
            for plays in r["plays"]:
                line += 1
                UsageLine.objects.create(report=rep, line=line, key=f"K{i}", plays=plays, match=match)
            if r["plays"]:
                weights[recording.pk] = sum(r["plays"])
        for j, plays in enumerate(unidentified):
            line += 1
            UsageLine.objects.create(report=rep, line=line, key=f"U{j}", plays=plays)
        parameters = dict(
            name="p",
            report_ids=[rep.pk],
            gross=Decimal(gross).scaleb(-2),
            currency="EUR",
            admin=Decimal(admin).scaleb(-2),
            social="5",
            threshold=Decimal(threshold).scaleb(-2),
            producers=Decimal(split[0]).scaleb(-2),
            featured_weight=split[1],
            non_featured_weight=split[2],
        )
        with (
            mock.patch.object(calculation, "LINES_PER_CHUNK", sizes[0]),
            mock.patch.object(calculation, "WORKS_PER_CHUNK", sizes[1]),
        ):
            run = related.run_related_distribution(**parameters)
        assert_conserved(run)
        contributors, producers = related.rights_of(weights)
        people, memberships = related.parties_and_memberships({p.pk for p in parties})
        keys = dict(Recording.objects.filter(pk__in=weights).values_list("id", "isrc"))
        reference = calculate_related(
            RelatedRunInput(
                params=engine.RunParams(
                    gross=run.gross,
                    admin=run.admin_percent,
                    social=run.social_percent,
                    right="RR",
                    territory="2136",
                    society_code=django_settings.SOCIETY_CODE,
                    on=date(2025, 6, 30),
                    threshold=run.threshold,
                ),
                split=RelatedSplit(Decimal(split[0]).scaleb(-2), Decimal(split[1]), Decimal(split[2])),
                recordings=tuple(engine.WorkUsage(r, keys[r], w) for r, w in sorted(weights.items())),
                unidentified={f"U{j}": p for j, p in enumerate(unidentified) if p},
                contributors=tuple(contributors),
                producers=tuple(producers),
                parties=people,
                memberships=tuple(memberships),
            )
        )
        assert payout_lines(run) == engine_lines(reference)
        assert run.summary["conflicts"] == dict(sorted(reference.summary.conflicts.items()))
        transaction.set_rollback(True)


statement_lines = st.lists(
    st.tuples(
        st.sampled_from(["work", "ip", "ip-no-work", "unidentified"]),
        st.integers(0, 3),
        st.integers(0, 5),
        st.integers(1, 10**8),
    ),
    min_size=1,
    max_size=8,
)


@PROPERTY
@given(rows=statement_lines, gross=st.integers(0, 10**7), admin=st.integers(0, 2000), threshold=st.integers(0, 3000))
def test_incoming_runs_conserve_the_gross_and_match_the_engine(parties, rows, gross, admin, threshold):
    with transaction.atomic():
        works = [
            work(f"I{i}", None, [(parties[i], "CA", "50"), (parties[i + 1], "E", str(40 - 10 * i))]) for i in range(4)
        ]
        run = pooled.create_run(
            name="in",
            kind=RunOrigin.Kind.INCOMING,
            original=None,
            currency="EUR",
            right="PR",
            territory="2136",
            gross=gross,
            admin=Decimal(admin).scaleb(-2),
            threshold=threshold,
        )
        statement = IncomingStatement.objects.create(
            society=society("052"),
            filename="s.csv",
            checksum="s" * 64,
            currency="USD",
            rate=1,
            amount=0,
            gross=gross,
            right_type="PR",
            territory="2136",
            period_end=date(2025, 6, 30),
            run=run,
        )
        for n, (target, w, p, amount) in enumerate(rows, start=1):
            IncomingLine.objects.create(
                statement=statement,
                line=n,
                amount=Decimal(amount).scaleb(-4),
                key=f"U{n % 3}",
                work=works[w] if target in ("work", "ip") else None,
                party=parties[p] if target in ("ip", "ip-no-work") else None,
                role="CA" if p % 2 else "",
            )
        run = pooled.calculate(run)
        assert_conserved(run)
        reference = pooled_engine.calculate(pooled.pool_input(run, incoming.statement_pools(run)))
        assert payout_lines(run) == engine_lines(reference)
        transaction.set_rollback(True)
