"""Steps 3–7 for a chunk of works: engine inputs fetched in bulk, exact lines stored floored with remainders."""

from decimal import Decimal

from distribution import engine, feed, weighing
from distribution.models import DistributionRun
from distribution.models.runs import RunLine
from rightowners.models import Society
from works.models import Work

INSERT_BATCH = 5_000


def allocate_chunk(run: DistributionRun, attempt: int, chunk: int, low: int, high: int) -> dict[str, str]:
    """Write the staging lines of the works with ids in [low, high]; return the works sent to conflict."""
    params = feed.run_params(run)
    net = engine.deduct(run.gross, run.admin_percent, run.social_percent).net
    weights = weighing.work_weights(run, attempt, low, high)
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
    societies = dict(Society.objects.values_list("code", "id"))
    rows = (staging_line(run, attempt, chunk, x, allocation.denominator, societies) for x in exact if x.numerator)
    RunLine.objects.bulk_create(rows, batch_size=INSERT_BATCH)
    return conflicts


def staging_line(run, attempt: int, chunk: int, line: engine.ExactLine, denominator: int, societies) -> RunLine:
    amount, remainder = divmod(line.numerator, denominator)
    return RunLine(
        run=run,
        attempt=attempt,
        chunk=chunk,
        payee_kind=line.payee.kind,
        payee=line.payee.key,
        party_id=line.payee.party,
        society_id=societies.get(line.payee.society),
        work_id=line.work_ref,
        work_key=line.work,
        amount=amount,
        remainder=str(remainder),
        roles=",".join(line.roles),
        share=Decimal(line.share_units).scaleb(-6),
        weight=line.weight,
    )
