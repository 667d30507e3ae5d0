"""Neighbouring-rights runs: usage identified to recordings, paid to their producers and performers.

A run of this kind is a DistributionRun of right `RR` marked by a RunOrigin of kind `related`, calculated in one
process by the pure split (distribution.runs.engine.related) and written by H2's pool_runs.write_run like the runs of
other kinds; it is then approved (runs.approve) and exported (statements) like any run. Its lines carry the
recording (PayoutLine.recording) and the recording key (ISRC) in the work column.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from distribution.models import DistributionRun, PayoutLine, RunOrigin, UsageLine, UsageReport
from distribution.runs import engine, settlement
from distribution.runs import pooled as pool_runs
from distribution.runs.calculation import RunError
from distribution.runs.engine.allocation import usage_weight
from distribution.runs.engine.related import (
    Contributor,
    ProducerShare,
    RelatedRunInput,
    RelatedSplit,
    calculate_related,
)
from distribution.runs.feed import _membership_territories, bp
from distribution.usage.identification import IDENTIFIED
from distribution.usage.recordings import recording_key
from rightowners.models import InterestedParty, Membership, Source
from wipoconnect.core import money
from wipoconnect.core.codes import RELATED_RIGHT
from works.models import ProducerShare as ProducerShareRow
from works.models import Recording, RecordingContributor

RELATED = "related"  # RunOrigin kind


def usage_weights(report_ids: list[int], weighting: str) -> tuple[dict[int, int], dict[str, int]]:
    """Weights per identified recording and per unidentified usage key, grouped in the database first."""
    rows = (
        UsageLine.objects.filter(report_id__in=report_ids)
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
            recordings[recording] += usage_weight(plays, weighting, duration, durations.get(recording))
        else:
            unidentified[key] += usage_weight(plays, weighting, duration)
    return dict(recordings), {k: w for k, w in unidentified.items() if w}


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
        )  # fmt: skip
        for party, society, territory, excluded, start, end, source in rows
    ]
    return parties, memberships


@transaction.atomic
def run_related_distribution(
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
) -> DistributionRun:
    """Calculate a neighbouring-rights run over reports identified to recordings; returns it calculated."""
    reports = list(UsageReport.objects.filter(pk__in=report_ids))
    if not reports or len(reports) != len(set(report_ids)):
        raise RunError(f"usage report(s) {', '.join(map(str, report_ids))}: not all found")
    territory = territory or settings.SOCIETY_TERRITORY
    params = pool_runs.params(
        right=RELATED_RIGHT, territory=territory, on=max(r.period_end for r in reports),
        gross=money.parse_minor(gross, currency, "gross"), admin=engine.parse_percent(admin, "admin"),
        social=engine.parse_percent(social, "social"), threshold=money.parse_minor(threshold, currency, "threshold"),
    )  # fmt: skip
    split = RelatedSplit(Decimal(str(producers)), Decimal(str(featured_weight)), Decimal(str(non_featured_weight)))
    weights, unidentified = usage_weights([r.pk for r in reports], weighting)
    keys = dict(Recording.objects.filter(pk__in=weights).values_list("id", "isrc"))
    contributors, producer_shares = rights_of(weights)
    parties, memberships = parties_and_memberships({c.party for c in contributors} | {p.party for p in producer_shares})
    run_in = RelatedRunInput(
        params=params, split=split, unidentified=unidentified,
        recordings=tuple(engine.WorkUsage(r, recording_key(keys[r], r), w) for r, w in sorted(weights.items())),
        contributors=tuple(contributors), producers=tuple(producer_shares), parties=parties,
        memberships=tuple(memberships), balances=settlement.balances(currency.upper(), list(parties)),
    )  # fmt: skip
    result = calculate_related(run_in)
    lines = [_without_work(line) for line in result.lines]
    run = pool_runs.write_run(
        name=name, kind=RunOrigin.Kind.RELATED, original=None, currency=currency.upper(), pool_in=run_in,
        result=engine.RunResult(result.summary, lines, result.balances, result.allocation), unidentified=unidentified,
    )  # fmt: skip
    run.reports.set(reports)  # its period, and the usage its unidentified account can be claimed from
    run.summary["split"] = {"producers": str(split.producers), "featured_weight": str(split.featured_weight),
                            "non_featured_weight": str(split.non_featured_weight), "weighting": weighting}  # fmt: skip
    run.weighting = weighting
    run.save(update_fields=["summary", "weighting"])
    _link_recordings(run, {line.work: line.work_ref for line in result.lines if line.work_ref})
    return run


def _without_work(line: engine.Line) -> engine.Line:
    """The engine's work reference of a recording line is a recording id: it must not land in PayoutLine.work."""
    return replace(line, work_ref=None)


def _link_recordings(run: DistributionRun, recordings: dict[str, int]) -> None:
    lines = list(PayoutLine.objects.filter(run=run).exclude(work_key=""))
    for line in lines:
        line.recording_id = recordings.get(line.work_key)
    PayoutLine.objects.bulk_update(lines, ["recording"], batch_size=pool_runs.INSERT_BATCH)


def is_related(run: DistributionRun) -> bool:
    return RunOrigin.objects.filter(run=run, kind=RunOrigin.Kind.RELATED).exists()
