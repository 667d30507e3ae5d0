"""The usage kind of run: usage lines weighed per identified work in the database (distribution.runs.weighing),
then for each chunk of works its shares, agreements, parties and memberships fetched in bulk (steps 3–7)."""

from distribution.runs import engine, feed, weighing
from distribution.runs.models import DistributionRun
from distribution.runs.phases import ChunkLines, RunKind
from works.models import Work


def check(run: DistributionRun) -> None:
    feed.period_of(run)  # a run without reports fails here, before any work


def work_lines(run: DistributionRun, attempt: int, low: int, high: int) -> ChunkLines:
    """The exact lines of the works with ids in [low, high], and the works sent to conflict."""
    params = feed.run_params(run)
    net = engine.deduct(run.gross, run.admin_percent, run.social_percent).net
    weights = weighing.ref_weights(run, attempt, "work_id", low, high)
    works = [
        engine.WorkUsage(pk, iswc or code, weights[pk])
        for pk, iswc, code in Work.objects.filter(id__range=(low, high)).values_list("id", "iswc", "code")
        if pk in weights
    ]
    allocation = engine.Allocation(net=net, total_weight=run.total_weight, work_weights=weights)
    agreements = feed.agreements(params.right, params.on)
    acquirers = {a.acquirer for a in agreements}
    payees = engine.PayeeResolver(
        feed.parties_of_works(low, high, acquirers),
        feed.memberships_of_works(low, high, acquirers, params.right),
        params,
    )
    shares = feed.shares_of_works(low, high, params.right)
    exact, conflicts = engine.exact_lines(
        works, shares, allocation, engine.AgreementIndex(agreements, params), payees, params.territory
    )
    return ChunkLines(exact, conflicts)


KIND = RunKind(
    check=check,
    inputs=weighing.line_id_ranges,
    weigh=weighing.weigh_lines,
    ref="work_id",
    lines=work_lines,
    scale=lambda run, attempt: engine.FULL,
)
