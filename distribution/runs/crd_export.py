"""CRD files of an approved run, one per sister society: what we pay each society, work by work, and for whom.

A society's payout line (one per work, all its members' shares added) becomes an MWN with one MIP per member of
that society in the work and one WER per MIP carrying its part of the line, split by share to the cent (largest
remainders; the parts add up to the line exactly). A member of a sister society is a party with a membership of it
for the run's right and none of ours (distribution-rules.md step 6, simplified: validity dates and territories are
not re-checked here; the line amounts themselves come from the run unchanged).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from distribution.runs.crd import CrdDistribution, CrdExploitation, CrdIp, CrdWork, write_crd, write_csv
from distribution.runs.models import DistributionRun, PayoutLine
from rightowners.models import Membership, Society
from wipoconnect.core import money
from works.models import WorkShare

SHARE_FIELD = {"PR": "pr_share", "MR": "mr_share", "SR": "sr_share"}


def crd_distributions(run: DistributionRun, only: str | None = None) -> dict[str, CrdDistribution]:
    """Per sister society code (or only `only`), the CRD content of an approved run."""
    if run.status != DistributionRun.Status.APPROVED:
        raise ValueError(f"run {run.pk} is {run.status}: only approved runs are sent to sister societies")
    lines = PayoutLine.objects.filter(run=run, payee_kind=PayoutLine.PayeeKind.SOCIETY)
    lines = list((lines.filter(payee=only) if only else lines).select_related("work").order_by("payee", "work_key"))
    members = _members(run, {line.work_id for line in lines if line.work_id})
    start, end = _period(run)
    sender = Society.objects.filter(code=settings.SOCIETY_CODE).values_list("name", flat=True).first() or ""
    by_society: dict[str, list[CrdWork]] = defaultdict(list)
    for line in lines:
        ips = members.get((line.work_id, line.payee), [])
        by_society[line.payee].append(_work(run, line, ips, start, end))
    approved = timezone.localtime(run.approved_at) if run.approved_at else timezone.localtime()
    return {
        code: CrdDistribution(
            sender=settings.SOCIETY_CODE,
            sender_name=sender,
            recipient=code,
            distribution_id=f"{settings.SOCIETY_CODE}-{run.pk}",
            distribution_date=approved.date(),
            currency=run.currency,
            right_type=run.right_type,
            territory=run.territory,
            period_start=start,
            period_end=end,
            created=timezone.localtime().replace(microsecond=0, tzinfo=None),
            works=tuple(works),
        )
        for code, works in by_society.items()
    }


def _members(run: DistributionRun, work_ids: set[int]) -> dict[tuple[int, str], list[CrdIp]]:
    """(work id, society code) → the MIPs of that society's members in the work, in share order."""
    shares = WorkShare.objects.filter(work_id__in=work_ids).select_related("party").order_by("work_id", "id")
    societies: dict[int, set[str]] = defaultdict(set)
    memberships = Membership.objects.filter(party__shares__work_id__in=work_ids, right_type=run.right_type)
    for party_id, code in memberships.values_list("party_id", "society__code").distinct():
        societies[party_id].add(code)
    found: dict[tuple[int, str], list[CrdIp]] = defaultdict(list)
    for share in shares:
        codes = societies.get(share.party_id, set())
        if settings.SOCIETY_CODE in codes:
            continue  # our own member: paid directly, not through a sister society
        hundredths = int(getattr(share, SHARE_FIELD.get(run.right_type, "pr_share")) * 100)
        for code in sorted(codes):
            ip = CrdIp(share.party.ipi_name or "", share.party.name, share.role, code, hundredths)
            found[(share.work_id, code)].append(ip)
    return found


def _period(run: DistributionRun) -> tuple[date, date]:
    span = run.reports.aggregate(start=Min("period_start"), end=Max("period_end"))
    fallback = (run.approved_at or run.created_at).date()
    return span["start"] or fallback, span["end"] or fallback


def _work(run, line: PayoutLine, ips: list[CrdIp], start: date, end: date) -> CrdWork:
    work = line.work
    payees = ips or [CrdIp("", "", "", line.payee, _hundredths(line.share))]
    parts = money.split(line.amount, [ip.share or 1 for ip in payees])  # equal remainders: in share order
    exploitations = tuple(
        CrdExploitation(
            ipi_name=ip.ipi_name,
            right_type=run.right_type,
            territory=run.territory,
            period_start=start,
            period_end=end,
            usage_count=line.weight,
            share=ip.share,
            amount=part,
            currency=run.currency,
        )
        for ip, part in zip(payees, parts, strict=True)
        if part
    )
    return CrdWork(
        line.work_key, (work.iswc or "") if work else "", work.title if work else "", tuple(ips), exploitations
    )


def _hundredths(share: Decimal | None) -> int:
    return int((share or Decimal(0)).quantize(Decimal("0.01")) * 100)


def file_name(distribution: CrdDistribution, run_id: int) -> str:
    """`CRyynnnnSSS_RRR.V20`, after the CWR convention (unverified for CRD, like the layouts)."""
    return f"CR{distribution.distribution_date:%y}{run_id:04d}{distribution.sender}_{distribution.recipient}.V20"


def export_crd(run: DistributionRun, out_dir: Path) -> list[Path]:
    """Write one CRD file per sister society into out_dir (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for distribution in crd_distributions(run).values():
        path = out_dir / file_name(distribution, run.pk)
        path.write_bytes(write_crd(distribution).encode("ascii"))
        paths.append(path)
    return paths


def society_file(run: DistributionRun, society_code: str, fmt: str = "crd") -> tuple[str, str] | None:
    """(file name, content) of one society's CRD file or its CSV fallback; None when the run pays it nothing."""
    distribution = crd_distributions(run, only=society_code).get(society_code)
    if distribution is None:
        return None
    name = file_name(distribution, run.pk)
    if fmt == "csv":
        return name.rsplit(".", 1)[0] + ".csv", write_csv(distribution)
    return name, write_crd(distribution)
