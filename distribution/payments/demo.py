"""Demo of the money loop, each step tying out to the cent: a live-music report with a song nobody could identify,
distributed and approved; the song claimed by a member and paid by an adjustment run out of the run's suspense;
a statement from sister society 052 distributed to our members; one payment batch (pain.001 + CSV) paying it all.
Idempotent: a second load finds the demo run and changes nothing.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Sum
from stdnum import iban as stdnum_iban

from distribution.payments import incoming
from distribution.payments import services as payments
from distribution.payments.models import IncomingStatement, PaymentBatch
from distribution.runs import claims
from distribution.runs import services as runs
from distribution.runs.models import DistributionRun, PayoutLine
from distribution.usage.identification import identify_report
from distribution.usage.importing import import_usage
from distribution.usage.models import Match
from rightowners.models import Society
from wipoconnect.core.tabular import write_rows
from works.models import Work

SOURCE = "Blue Note Club live sets"
PERIOD = (date(2025, 10, 1), date(2025, 12, 31))
RUN_NAME = "Live 2025-Q4 (money loop demo)"
SHOWCASE_ISWC = "T0345246801"
UNKNOWN = ("Kitchen Session No. 7", "J. Nobody")  # played live, documented nowhere: claimed later
SISTER = "052"
PAID_KINDS = (PayoutLine.PayeeKind.MEMBER, PayoutLine.PayeeKind.BROUGHT_FORWARD, PayoutLine.PayeeKind.SOCIETY)


def load() -> str:
    existing = DistributionRun.objects.filter(name=RUN_NAME).first()
    if existing:
        return f"money loop demo already loaded (run {existing.pk})"
    works = list(
        Work.objects.exclude(iswc__isnull=True).exclude(iswc="").prefetch_related("shares__party").order_by("code")[:6]
    )
    showcase = Work.objects.filter(iswc=SHOWCASE_ISWC).first()
    if showcase is None or len(works) < 3:
        return "money loop demo: the demo repertoire is missing"
    run, unknown_key = _usage_run(works)
    adjustment, claim = _claim(run, unknown_key, showcase)
    statement = _incoming(works)
    batch, folder = _payments([run, adjustment, statement.run])
    return "\n".join(
        [
            _run_line(run),
            _adjustment_line(run, adjustment, claim),
            _incoming_line(statement),
            _batch_line(batch, folder),
        ]
    )


def _folder(name: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "demo" / name  # uploaded-files area: tests point it at a temporary dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _usage_run(works: list[Work]) -> tuple[DistributionRun, str]:
    path = _folder("usage") / "blue_note_club_2025q4.csv"
    rows = []
    for number, work in enumerate(works):
        writers = " / ".join(s.party.last_name for s in work.shares.all() if s.role in ("C", "A", "CA"))
        rows.append([work.title, "", writers, "", work.iswc, "240", str(2 + number % 4)])
    rows.append([UNKNOWN[0], "", UNKNOWN[1], "", "", "300", "3"])
    write_rows(path, ["title", "artist", "writers", "isrc", "iswc", "duration", "plays"], rows)
    report = import_usage(
        path=path, source=SOURCE, period=PERIOD, right_type="PR", territory=settings.SOCIETY_TERRITORY
    ).report
    identify_report(report=report)
    run = runs.create_run(
        name=RUN_NAME,
        report_ids=[report.pk],
        right="PR",
        territory=settings.SOCIETY_TERRITORY,
        gross="2500.00",
        currency=settings.CURRENCY,
        admin="15",
        social="10",
        weighting="plays",
        threshold="0",
    )
    runs.wait(runs.calculate(run), timeout=600)
    run = runs.approve(run.pk)
    unidentified = Match.objects.filter(report=report, status=Match.Status.UNIDENTIFIED).order_by("id")
    keys = [key for key, title in unidentified.values_list("key", "title") if UNKNOWN[0].lower() in title.lower()]
    return run, keys[0] if keys else unidentified.values_list("key", flat=True).first()


def _claim(run: DistributionRun, key: str, showcase: Work):
    writer = showcase.shares.filter(role__in=("C", "A", "CA")).order_by("id").first()
    claim = claims.file_claim(
        run_id=run.pk,
        account="unidentified",
        key=key,
        work_id=showcase.pk,
        claimant_id=writer.party_id,
        evidence="Set list of 14 Nov 2025 signed by the venue: 'Kitchen Session No. 7' is a live version",
    )
    claims.accept_claim(claim_id=claim.pk, note="set list checked")
    adjustment = claims.run_adjustment(run_id=run.pk)
    runs.approve(adjustment.pk)
    claim.refresh_from_db()
    return adjustment, claim


def _incoming(works: list[Work]) -> IncomingStatement:
    """Sister society 052 pays our members for works used abroad: one row per IP share, one unknown work."""
    rows = []
    for number, work in enumerate(works[:3]):
        for share in work.shares.all():
            ipi = share.party.ipi_name if number != 1 else ""  # the second work: IPs not named, our picture pays
            rows.append(
                [
                    "052-2025-2",
                    "",
                    work.iswc,
                    work.title,
                    share.party.name,
                    ipi or "",
                    share.role,
                    "",
                    str(share.pr_share),
                    "PR",
                    "276",
                    "2025-01-01",
                    "2025-06-30",
                    "12",
                    f"{37 + 11 * number}.{(13 * number + 7) % 100:02d}",
                    "USD",
                ]
            )
    rows.append(
        [
            "052-2025-2",
            "",
            "",
            "Mondscheinwalzer",
            "K. Unbekannt",
            "",
            "CA",
            "052",
            "100",
            "PR",
            "276",
            "2025-01-01",
            "2025-06-30",
            "3",
            "12.50",
            "USD",
        ]
    )
    path = _folder("incoming") / "052_statement_2025_2.csv"
    header = [
        "distribution id",
        "society work id",
        "ISWC",
        "title",
        "IP name",
        "IPI name #",
        "role",
        "society",
        "share %",
        "right type",
        "territory",
        "period start",
        "period end",
        "usage count",
        "gross amount",
        "currency",
    ]
    write_rows(path, header, rows)
    Society.objects.get_or_create(code=SISTER, defaults={"name": "GEMA"})
    statement, _ = incoming.import_statement(
        data=path.read_bytes(), filename=path.name, society=SISTER, currency="USD", rate="0.9150"
    )
    runs.approve(statement.run_id)
    return statement


def _payments(paid_runs: list[DistributionRun]) -> tuple[PaymentBatch, Path]:
    lines = PayoutLine.objects.filter(run__in=paid_runs, payee_kind__in=PAID_KINDS)
    parties = sorted(set(lines.exclude(party=None).values_list("party_id", "party__last_name")))
    societies = sorted(set(lines.exclude(society=None).values_list("society_id", "society__name")))
    for index, (party_id, name) in enumerate(parties):
        if index == 1:  # a deceased member: two heirs share the payments from 2025 on
            for heir, percent in (("Heir One", "50"), ("Heir Two", "50")):
                payments.add_bank_account(
                    party_id=party_id,
                    holder=f"{heir} ({name})",
                    iban=_iban(9000 + len(heir) + int(percent) + index),
                    kind="heir",
                    percent=percent,
                    valid_from=date(2025, 1, 1),
                )
            continue
        if index % 7 == 6:
            continue  # no bank details yet: skipped, paid by a later batch
        payments.add_bank_account(party_id=party_id, holder=name, iban=_iban(1000 + party_id))
    for society_id, name in societies:
        payments.add_bank_account(society_id=society_id, holder=name, iban=_iban(5000 + society_id))
        payments.set_withholding(society_id=society_id, territory="2136", rate="5")
    batch = payments.create_batch(run_ids=[r.pk for r in paid_runs], execution_date=date(2026, 1, 15))
    folder = _folder("payments")
    payments.write_files(batch, folder)
    return batch, folder


def _iban(number: int) -> str:
    bban = f"37040044{number:010d}"
    return f"DE{stdnum_iban.calc_check_digits('DE00' + bban)}{bban}"


def _total(run: DistributionRun, kinds) -> int:
    return run.lines.filter(payee_kind__in=kinds).aggregate(total=Sum("amount"))["total"] or 0


def _run_line(run: DistributionRun) -> str:
    s = run.summary
    ok = "ok" if s["balanced"] else "FAILED"
    return (
        f"money loop: run {run.pk} {run.name}: G={s['G']} A={s['A']} S={s['S']} N={s['N']}, "
        f"unidentified suspense {s['suspense']['unidentified']}, conservation {ok}"
    )


def _adjustment_line(run: DistributionRun, adjustment: DistributionRun, claim) -> str:
    drawn = adjustment.draws.aggregate(total=Sum("amount"))["total"]
    paid = _total(adjustment, ("member", "society", "suspense", "carry_forward"))
    ok = "ok" if drawn == paid == adjustment.gross else "FAILED"
    return (
        f"money loop: '{UNKNOWN[0]}' claimed for {claim.work.key} (claim {claim.pk}, {claim.status}) and paid by "
        f"adjustment run {adjustment.pk}: drew {drawn} from run {run.pk}'s suspense, paid {paid}, "
        f"suspense left {claims.balance(run)['unidentified']} ({ok})"
    )


def _incoming_line(statement: IncomingStatement) -> str:
    run = statement.run
    paid = _total(run, ("member", "society", "suspense", "carry_forward"))
    ok = "ok" if run.admin_amount + run.social_amount + paid == statement.gross else "FAILED"
    members = _total(run, ("member",))
    return (
        f"money loop: incoming {statement.pk} from {statement.society.code}: {statement.amount.normalize()} "
        f"{statement.currency} × {statement.rate.normalize()} = {statement.gross}, run {run.pk}: members {members}"
        f" + other lines {paid - members} + deductions {run.admin_amount} = {statement.gross} ({ok})"
    )


def _batch_line(batch: PaymentBatch, folder: Path) -> str:
    owed = PayoutLine.objects.filter(run__in=batch.runs.all(), payee_kind__in=PAID_KINDS).aggregate(t=Sum("amount"))
    skipped = sum(s["amount"] for s in batch.skipped)
    ok = "ok" if batch.total + batch.withheld + skipped == owed["t"] else "FAILED"
    return (
        f"money loop: payment batch {batch.pk}: {batch.transfers.count()} transfers {batch.total} + withheld "
        f"{batch.withheld} + skipped {skipped} = owed {owed['t']} ({ok}); files in {folder}"
    )
