"""Database builders for the money loop tests: parties, works, usage reports and approved runs."""

import itertools
from datetime import date
from decimal import Decimal

from django.conf import settings

from distribution.runs import services as runs
from distribution.runs.models import DistributionRun
from distribution.usage.models import Match, UsageLine, UsageReport
from rightowners.models import InterestedParty, Membership, Society
from works.models import Work, WorkShare

_seq = itertools.count(1)


def society(code: str) -> Society:
    return Society.objects.get_or_create(code=code, defaults={"name": f"Society {code}"})[0]


def party(name: str, ipi: str | None = None, society_code: str | None = None, right: str = "PR") -> InterestedParty:
    n = next(_seq)
    p = InterestedParty.objects.create(code=f"P{80000000 + n:08d}", last_name=name, ipi_name=ipi)
    if society_code:
        Membership.objects.create(party=p, society=society(society_code), right_type=right)
    return p


def member(name: str, ipi: str) -> InterestedParty:
    return party(name, ipi, settings.SOCIETY_CODE)


def work(title: str, iswc: str | None, shares: list[tuple[InterestedParty, str, str]]) -> Work:
    n = next(_seq)
    w = Work.objects.create(code=f"W{80000000 + n:08d}", title=title, iswc=iswc)
    for p, role, pr in shares:
        WorkShare.objects.create(work=w, party=p, role=role, pr_share=Decimal(pr))
    return w


def report(lines: list[tuple[Work | str, int]], right="PR") -> UsageReport:
    """Lines identified to a work, or unidentified under the given usage key (a str)."""
    n = next(_seq)
    r = UsageReport.objects.create(
        source="test",
        filename=f"m{n}.csv",
        checksum=f"{n:063d}m",
        format="csv",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        right_type=right,
    )
    matches: dict[str, Match] = {}
    for i, (target, plays) in enumerate(lines, start=1):
        identified = isinstance(target, Work)
        key = f"K{target.pk}" if identified else target  # unidentified keys must not look like K<pk>
        if key not in matches:
            status = Match.Status.AUTO if identified else Match.Status.UNIDENTIFIED
            matches[key] = Match.objects.create(report=r, key=key, work=target if identified else None, status=status)
        UsageLine.objects.create(report=r, line=i, key=key, plays=plays, match=matches[key])
    return r


def approved_run(reports: list[UsageReport], gross="1000.00", admin="15", social="10", threshold="0"):
    run = runs.create_run(
        name="Run",
        report_ids=[r.pk for r in reports],
        right="PR",
        territory="2136",
        gross=gross,
        currency="EUR",
        admin=admin,
        social=social,
        weighting="plays",
        threshold=threshold,
    )
    job = runs.calculate(run)
    assert job.status == "succeeded", job.error
    return runs.approve(run.pk)


def lines_of(run: DistributionRun) -> list[tuple[str, str, str, int]]:
    return sorted(run.lines.values_list("payee_kind", "payee", "work_key", "amount"))


def conserved(run: DistributionRun) -> bool:
    """G = A + S + Σ lines of kind member, society, suspense and carry_forward, from the rows."""
    run.refresh_from_db()
    kinds = ("member", "society", "suspense", "carry_forward")
    total = sum(a for k, _, _, a in lines_of(run) if k in kinds)
    return run.gross == run.admin_amount + run.social_amount + total
