"""Database builders for run tests: the worked example of distribution-rules.md as rows."""

import itertools
from datetime import date
from decimal import Decimal

from django.conf import settings

from distribution.usage.models import Match, UsageLine, UsageReport
from rightowners.models import InterestedParty, Membership, Society
from works.models import Work, WorkShare

_seq = itertools.count(1)


def society(code: str) -> Society:
    return Society.objects.get_or_create(code=code, defaults={"name": f"Society {code}"})[0]


def party(name: str, ipi: str | None = None, society_code: str | None = None, right: str = "PR") -> InterestedParty:
    n = next(_seq)
    p = InterestedParty.objects.create(code=f"P{90000000 + n:08d}", last_name=name, ipi_name=ipi)
    if society_code:
        Membership.objects.create(party=p, society=society(society_code), right_type=right)
    return p


def work(title: str, iswc: str | None, shares: list[tuple[InterestedParty, str, str]], duration=None) -> Work:
    n = next(_seq)
    w = Work.objects.create(code=f"W{90000000 + n:08d}", title=title, iswc=iswc, duration=duration)
    for p, role, pr in shares:
        WorkShare.objects.create(work=w, party=p, role=role, pr_share=Decimal(pr))
    return w


def report(lines: list[tuple[Work | None, int]], right="PR", end=date(2025, 6, 30), durations=None) -> UsageReport:
    """A usage report whose lines are identified (auto) to the given works, or unidentified when None."""
    n = next(_seq)
    r = UsageReport.objects.create(
        source="test",
        filename=f"r{n}.csv",
        checksum=f"{n:064d}",
        format="csv",
        period_start=date(2025, 1, 1),
        period_end=end,
        right_type=right,
    )
    matches = {}
    for i, (w, plays) in enumerate(lines, start=1):
        key = f"K{w.pk if w else 'X' + str(i)}"
        if key not in matches:
            status = Match.Status.AUTO if w else Match.Status.UNIDENTIFIED
            matches[key] = Match.objects.create(report=r, key=key, work=w, status=status)
        duration = durations[i - 1] if durations else None
        UsageLine.objects.create(report=r, line=i, key=key, plays=plays, match=matches[key], duration=duration)
    return r


def worked_example():
    """distribution-rules.md, Worked example: returns (report, parties by letter, works X and Y)."""
    own = settings.SOCIETY_CODE
    a = party("A", "00000000011", own)
    p = party("P", "00000000012", "052")
    b, c, q = (party(n, f"000000000{i}", own) for n, i in (("B", 21), ("C", 22), ("Q", 23)))
    x = work("X", "T0000000011", [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", "T0000000022", [(b, "CA", "33.33"), (c, "CA", "33.33"), (q, "E", "33.33")])
    r = report([(x, 1), (x, 1), (y, 1), (None, 1)])
    return r, {"A": a, "P": p, "B": b, "C": c, "Q": q}, (x, y)
