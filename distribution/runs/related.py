"""Neighbouring-rights runs: usage identified to recordings, paid to their producers and performers.

A run of this kind is a DistributionRun of right `RR` marked by a RunOrigin of kind `related`, calculated by the
run pipeline (distribution.runs.calculation) like a usage run; this module is what the kind plugs in: usage lines
weighed per identified recording (else per usage key), and for each chunk of recordings their performers, producer
shares, parties and memberships fetched in bulk and split by distribution.runs.engine.related. The split settings
are kept in the run's summary. Its lines carry the recording (PayoutLine.recording) and the recording key (ISRC)
in the work column; it is then approved (runs.approve) and exported (statements) like any run.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum

from distribution.runs import calculation, engine, feed, weighing
from distribution.runs.engine.allocation import usage_weight
from distribution.runs.engine.related import (
    NON_FEATURED,
    Contributor,
    ProducerShare,
    RelatedSplit,
    common_scale,
    related_lines,
)
from distribution.runs.feed import _membership_territories, bp
from distribution.runs.models import DistributionRun, RunOrigin, RunWeight
from distribution.runs.phases import ChunkLines, RunError, RunKind
from distribution.usage.identification import IDENTIFIED
from distribution.usage.models import UsageLine, UsageReport
from distribution.usage.recordings import recording_key
from rightowners.models import InterestedParty, Membership, Source
from wipoconnect.core import jobs, money
from wipoconnect.core.codes import RELATED_RIGHT
from wipoconnect.core.models import Job
from works.models import ProducerShare as ProducerShareRow
from works.models import Recording, RecordingContributor


def check(run: DistributionRun) -> None:
    if run.attempt:
        raise RunError(f"run {run.pk} is a neighbouring-rights run: calculate a new one (run_related_distribution)")
    feed.period_of(run)


def weigh_recordings(run: DistributionRun, attempt: int, chunk: int, low: int, high: int) -> None:
    """Weights of the run's usage lines with ids in [low, high] per identified recording and per unidentified
    usage key, grouped in the database first."""
    rows = (
        UsageLine.objects.filter(report_id__in=_report_ids(run), id__gte=low, id__lte=high)
        .values("key", "match__recording_match__recording_id", "match__recording_match__status", "duration")
        .annotate(plays=Sum("plays"))
        .order_by()
        .values_list(
            "key", "match__recording_match__recording_id", "match__recording_match__status", "duration", "plays"
        )
    )
    grouped = list(rows)
    durations = dict(Recording.objects.filter(pk__in={r[1] for r in grouped if r[1]}).values_list("id", "duration"))
    recordings: dict[int, int] = defaultdict(int)
    unidentified: dict[str, int] = defaultdict(int)
    for key, recording, status, duration, plays in grouped:
        if recording and status in IDENTIFIED:
            recordings[recording] += usage_weight(plays, run.weighting, duration, durations.get(recording))
        else:
            unidentified[key] += usage_weight(plays, run.weighting, duration)
    row = dict(run=run, attempt=attempt, chunk=chunk)
    RunWeight.objects.bulk_create(
        [RunWeight(**row, recording_id=r, weight=w) for r, w in recordings.items()]
        + [RunWeight(**row, key=k, weight=w) for k, w in unidentified.items() if w],
        batch_size=5_000,
    )


def _report_ids(run: DistributionRun) -> list[int]:
    return list(run.reports.values_list("id", flat=True))


def rights_of(recording_ids: Iterable[int]) -> tuple[list[Contributor], list[ProducerShare]]:
    ids = list(recording_ids)
    contributors = [
        Contributor(recording, party, role)
        for recording, party, role in RecordingContributor.objects.filter(recording_id__in=ids).values_list(
            "recording_id", "party_id", "role"
        )
    ]
    producers = [
        ProducerShare(r, p, bp(share), (engine.TerritoryRecord(True, territory),), valid_from, valid_to)
        for r, p, share, territory, valid_from, valid_to in ProducerShareRow.objects.filter(
            recording_id__in=ids
        ).values_list("recording_id", "party_id", "share", "territory", "valid_from", "valid_to")
    ]
    return contributors, producers


def parties_and_memberships(party_ids: set[int]) -> tuple[dict[int, engine.Party], list[engine.Membership]]:
    parties = {
        pk: engine.Party(pk, code, ipi or None)
        for pk, code, ipi in InterestedParty.objects.filter(id__in=party_ids).values_list("id", "code", "ipi_name")
    }
    rows = Membership.objects.filter(party_id__in=party_ids, right_type=RELATED_RIGHT).values_list(
        "party_id", "society__code", "territory", "excluded", "valid_from", "valid_to", "source"
    )
    memberships = [
        engine.Membership(
            party,
            society,
            RELATED_RIGHT,
            _membership_territories(territory, excluded),
            start,
            end,
            by_staff=source != Source.CWR,
        )
        for party, society, territory, excluded, start, end, source in rows
    ]
    return parties, memberships


def split_of(run: DistributionRun) -> RelatedSplit:
    s = run.summary["split"]
    return RelatedSplit(Decimal(s["producers"]), Decimal(s["featured_weight"]), Decimal(s["non_featured_weight"]))


def scale(run: DistributionRun, attempt: int) -> int:
    """The run-wide scale of its lines' denominator: from the performer counts of the recordings it weighed."""
    recordings = RunWeight.objects.filter(run=run, attempt=attempt, recording__isnull=False).values("recording_id")
    counts = (
        RecordingContributor.objects.filter(recording_id__in=recordings)
        .values("recording_id")
        .annotate(
            featured=Count("id", filter=~Q(role=NON_FEATURED)), non_featured=Count("id", filter=Q(role=NON_FEATURED))
        )
        .order_by()
        .values_list("featured", "non_featured")
    )
    return common_scale(split_of(run), {(0, 0), *counts})


def recording_lines(run: DistributionRun, attempt: int, low: int, high: int) -> ChunkLines:
    """The exact lines of the recordings with ids in [low, high], and the recordings sent to conflict."""
    params = feed.run_params(run)
    net = engine.deduct(run.gross, run.admin_percent, run.social_percent).net
    weights = weighing.ref_weights(run, attempt, "recording_id", low, high)
    keys = dict(Recording.objects.filter(pk__in=weights).values_list("id", "isrc"))
    recordings = [engine.WorkUsage(r, recording_key(keys[r], r), w) for r, w in sorted(weights.items())]
    contributors, producers = rights_of(weights)
    parties, memberships = parties_and_memberships({c.party for c in contributors} | {p.party for p in producers})
    payees = engine.PayeeResolver(parties, memberships, params)
    allocation = engine.Allocation(net=net, total_weight=run.total_weight, work_weights=weights)
    exact, _, conflicts = related_lines(
        recordings, contributors, producers, split_of(run), payees, params, allocation, scale(run, attempt)
    )
    return ChunkLines(exact, conflicts)


KIND = RunKind(
    check=check,
    inputs=weighing.line_id_ranges,
    weigh=weigh_recordings,
    ref="recording_id",
    lines=recording_lines,
    scale=scale,
    summary=lambda run: {"original": None, "split": run.summary["split"]},
)


@transaction.atomic
def create_related_run(
    *,
    name: str,
    report_ids: list[int],
    gross: str | Decimal,
    currency: str,
    admin: str | Decimal = "0",
    social: str | Decimal = "0",
    territory: str | None = None,
    weighting: str = "plays",
    threshold: str | Decimal = "0",
    producers: str | Decimal = "50",
    featured_weight: str | Decimal = "1",
    non_featured_weight: str | Decimal = "1",
    job: Job | None = None,
) -> DistributionRun:
    """A draft neighbouring-rights run over reports identified to recordings (its job, if given)."""
    reports = list(UsageReport.objects.filter(pk__in=report_ids))
    if not reports or len(reports) != len(set(report_ids)):
        raise RunError(f"usage report(s) {', '.join(map(str, report_ids))}: not all found")
    gross_minor = money.parse_minor(gross, currency, "gross")
    threshold_minor = money.parse_minor(threshold, currency, "threshold")
    admin_pct, social_pct = engine.parse_percent(admin, "admin"), engine.parse_percent(social, "social")
    split = RelatedSplit(Decimal(str(producers)), Decimal(str(featured_weight)), Decimal(str(non_featured_weight)))
    usage_weight(0, weighting)  # refuses an unknown weighting
    run = DistributionRun.objects.create(
        name=name,
        right_type=RELATED_RIGHT,
        territory=territory or settings.SOCIETY_TERRITORY,
        currency=currency.upper(),
        gross=gross_minor,
        admin_percent=admin_pct,
        social_percent=social_pct,
        weighting=weighting,
        threshold=threshold_minor,
        job=job,
        summary={
            "split": {
                "producers": str(split.producers),
                "featured_weight": str(split.featured_weight),
                "non_featured_weight": str(split.non_featured_weight),
                "weighting": weighting,
            }
        },
    )
    RunOrigin.objects.create(run=run, kind=RunOrigin.Kind.RELATED)
    run.reports.set(reports)  # its period, and the usage its unidentified account can be claimed from
    return run


def run_related_distribution(*, job: Job | None = None, **parameters) -> DistributionRun:
    """Create and calculate a neighbouring-rights run in this process (parameters: create_related_run's);
    returns it calculated."""
    job = job or jobs.create_job("distribution")
    run = create_related_run(job=job, **parameters)
    calculation.calculate_here(run.pk, job)
    run.refresh_from_db()
    return run


def is_related(run: DistributionRun) -> bool:
    return RunOrigin.objects.filter(run=run, kind=RunOrigin.Kind.RELATED).exists()
