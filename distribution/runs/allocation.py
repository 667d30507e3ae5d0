"""Steps 3–7 for a chunk of works: engine inputs fetched in bulk, exact lines stored floored with remainders."""

from decimal import Decimal

from distribution.models import DistributionRun
from distribution.runs import engine, feed, weighing
from distribution.runs.models import RunLine
from rightowners.models import Society
from wipoconnect.core.bulk import append_rows
from works.models import Work


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
    rows = [staging_row(run.pk, attempt, chunk, x, allocation.denominator, societies) for x in exact if x.numerator]
    append_rows(RunLine, STAGING_COLUMNS, rows)
    return conflicts


STAGING_COLUMNS = (
    "run_id", "attempt", "chunk", "payee_kind", "payee", "party_id", "society_id", "work_id", "work_key",
    "amount", "remainder", "roles", "share", "weight",
)  # fmt: skip


def staging_row(run_id: int, attempt: int, chunk: int, line: engine.ExactLine, denominator: int, societies) -> tuple:
    """A RunLine row (STAGING_COLUMNS): the floor of the line's exact amount and its remainder."""
    amount, remainder = divmod(line.numerator, denominator)
    payee = line.payee
    share = Decimal(line.share_units).scaleb(-6)
    return (
        run_id, attempt, chunk, payee.kind, payee.key, payee.party, societies.get(payee.society), line.work_ref,
        line.work, amount, str(remainder), ",".join(line.roles), share, line.weight,
    )  # fmt: skip
