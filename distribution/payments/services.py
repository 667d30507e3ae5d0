"""Payments: bank details, withholding rates, payment batches (pain.001 + CSV) and their status. The only writers.

What a run owes: each member's member and brought_forward lines, each sister society's society lines, of approved
runs. A batch pays each (run, payee) at most once: its PaymentItem rows are unique per (run, payee) while active
(a database constraint), and a batch only takes what no active item has paid yet.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberError

from distribution.payments import pain001
from distribution.payments.models import BankAccount, CreditTransfer, PaymentBatch, PaymentItem, WithholdingRate
from distribution.runs import engine
from distribution.runs.models import DistributionRun, PayoutLine
from wipoconnect.core import audit, money, tabular
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.territories import TerritoryError, countries

Kind = PayoutLine.PayeeKind
CSV_COLUMNS = [
    "end_to_end_id",
    "payee_kind",
    "payee",
    "recipient",
    "holder",
    "iban",
    "bic",
    "gross",
    "withholding",
    "amount",
    "currency",
]


def clean_iban(value: str) -> str:
    try:
        return stdnum_iban.validate(value)
    except NumberError as exc:
        raise ValidationError({"iban": f"IBAN {value!r}: {exc}"}) from None


def clean_bic(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return stdnum_bic.validate(value)
    except NumberError as exc:
        raise ValidationError({"bic": f"BIC {value!r}: {exc}"}) from None


@transaction.atomic
def add_bank_account(
    *,
    holder: str,
    iban: str,
    party_id=None,
    society_id=None,
    bic="",
    kind="owner",
    percent="100",
    valid_from=None,
    valid_to=None,
    user=None,
) -> BankAccount:
    """Bank details of a right owner (or of an heir or mandated company for them), or of a sister society."""
    if bool(party_id) == bool(society_id):
        raise ValidationError({"party": "give the party or the society the account pays"})
    if kind not in BankAccount.Kind.values:
        raise ValidationError({"kind": f"{kind!r}: one of {', '.join(BankAccount.Kind.values)}"})
    share = engine.parse_percent(percent, "percent")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "ends before it starts"})
    account = BankAccount.objects.create(
        party_id=party_id,
        society_id=society_id,
        kind=kind,
        holder=holder.strip(),
        iban=clean_iban(iban),
        bic=clean_bic(bic),
        percent=share,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    # Where money goes is sensitive: every bank detail entered is on the audit trail.
    audit.record(action=AuditEntry.Action.CREATE, instance=account, user=user, after=audit.snapshot(account))
    return account


@transaction.atomic
def set_withholding(*, rate, party_id=None, society_id=None, territory="2136", valid_from=None, valid_to=None):
    if bool(party_id) == bool(society_id):
        raise ValidationError({"party": "give the party or the society the rate applies to"})
    try:
        countries(territory)
    except TerritoryError as exc:
        raise ValidationError({"territory": str(exc)}) from exc
    return WithholdingRate.objects.create(
        party_id=party_id,
        society_id=society_id,
        territory=territory,
        rate=engine.parse_percent(rate, "rate"),
        valid_from=valid_from,
        valid_to=valid_to,
    )


@dataclass(frozen=True)
class Owed:
    """What one run owes one payee and is not paid yet."""

    run_id: int
    territory: str
    payee_kind: str  # member | society
    payee: str
    party_id: int | None
    society_id: int | None
    amount: int


def owed(runs: list[DistributionRun]) -> list[Owed]:
    """Members' (member + brought_forward) and sister societies' totals per run, less what is paid already."""
    territory = {r.pk: r.territory for r in runs}
    lines = PayoutLine.objects.filter(run__in=runs)
    members = (
        lines.filter(payee_kind__in=(Kind.MEMBER, Kind.BROUGHT_FORWARD))
        .values_list("run_id", "payee", "party_id")
        .annotate(total=Sum("amount"))
    )
    societies = lines.filter(payee_kind=Kind.SOCIETY).values_list("run_id", "payee", "society_id")
    societies = societies.annotate(total=Sum("amount"))
    paid = set(PaymentItem.objects.filter(run__in=runs, active=True).values_list("run_id", "payee_kind", "payee"))
    found = [Owed(r, territory[r], Kind.MEMBER, p, party, None, t) for r, p, party, t in members]
    found += [Owed(r, territory[r], Kind.SOCIETY, p, None, soc, t) for r, p, soc, t in societies]
    return [o for o in found if o.amount > 0 and (o.run_id, o.payee_kind, o.payee) not in paid]


def withholding_rates(items: list[Owed], on: date) -> dict[tuple, Decimal]:
    """Rate per (payee kind, party or society, territory): the payee's row for the territory, else for 2136."""
    rows = WithholdingRate.objects.filter(
        Q(party_id__in={o.party_id for o in items if o.party_id}) | Q(society_id__in={o.society_id for o in items}),
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    ).values_list("party_id", "society_id", "territory", "rate")
    found = {(party, society, territory): rate for party, society, territory, rate in rows}
    rates = {}
    for o in items:
        rate = found.get((o.party_id, o.society_id, o.territory), found.get((o.party_id, o.society_id, engine.WORLD)))
        rates[(o.party_id, o.society_id, o.territory)] = rate or Decimal(0)
    return rates


def withheld(amount: int, rate: Decimal) -> int:
    return round(Fraction(amount) * Fraction(rate) / 100)  # half to even, exactly


def accounts_on(items: list[Owed], on: date) -> dict[tuple, list[BankAccount]]:
    rows = BankAccount.objects.filter(
        Q(party_id__in={o.party_id for o in items if o.party_id}) | Q(society_id__in={o.society_id for o in items}),
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    ).order_by("id")
    found: dict[tuple, list[BankAccount]] = defaultdict(list)
    for account in rows:
        found[(account.party_id, account.society_id)].append(account)
    return found


def _unpayable(accounts: list[BankAccount]) -> str:
    if not accounts:
        return "no bank details valid on the execution date"
    total = sum(a.percent for a in accounts)
    if total != 100:
        return f"bank accounts valid on the execution date share {total} %, not 100 %"
    return ""


@transaction.atomic
def create_batch(*, run_ids: list[int], execution_date: date | None = None, user=None) -> PaymentBatch:
    """Pay what approved runs owe their members and sister societies and is not paid yet: one pain.001 message.
    Payees without valid bank details are skipped (listed on the batch) and stay payable."""
    runs = _payable_runs(run_ids)
    items = owed(runs)
    if not items:
        raise ValidationError({"runs": f"runs {', '.join(map(str, sorted(run_ids)))}: nothing left to pay"})
    on = execution_date or timezone.localdate()
    rates, accounts = withholding_rates(items, on), accounts_on(items, on)
    batch = PaymentBatch.objects.create(
        currency=runs[0].currency,
        execution_date=on,
        message_id=uuid.uuid4().hex[:35],
        created_by=_user(user),
        debtor_name=settings.PAYMENT_DEBTOR_NAME,
        debtor_iban=clean_iban(settings.PAYMENT_DEBTOR_IBAN),
        debtor_bic=clean_bic(settings.PAYMENT_DEBTOR_BIC),
    )
    batch.message_id = f"WC{settings.SOCIETY_CODE}-{batch.pk:08d}"
    batch.runs.set(runs)
    grouped: dict[tuple, list[Owed]] = defaultdict(list)
    for o in items:
        grouped[(o.payee_kind, o.payee, o.party_id, o.society_id)].append(o)
    rows, transfers, skipped = [], [], []
    for (kind, payee, party, society), group in sorted(grouped.items(), key=lambda g: g[0][:2]):
        recipients = accounts.get((party, society), [])
        why = _unpayable(recipients)
        if why:
            skipped.append({"payee_kind": kind, "payee": payee, "amount": sum(o.amount for o in group), "why": why})
            continue
        held = [withheld(o.amount, rates[(o.party_id, o.society_id, o.territory)]) for o in group]
        rows += [_item(batch, o, h) for o, h in zip(group, held, strict=True)]
        gross, net = sum(o.amount for o in group), sum(o.amount for o in group) - sum(held)
        transfers += _transfers(batch, group[0], recipients, gross, sum(held), net, len(transfers))
    PaymentItem.objects.bulk_create(rows)
    CreditTransfer.objects.bulk_create(transfers)
    batch.total, batch.withheld = sum(t.amount for t in transfers), sum(r.withholding for r in rows)
    batch.skipped = skipped
    batch.document = pain001.document(message(batch, transfers)).decode() if transfers else ""
    batch.save(update_fields=["message_id", "total", "withheld", "skipped", "document"])
    fields = ["message_id", "total", "withheld", "currency", "execution_date"]
    audit.record(action=AuditEntry.Action.CREATE, instance=batch, user=user, after=audit.snapshot(batch, fields))
    return batch


def _payable_runs(run_ids: list[int]) -> list[DistributionRun]:
    runs = list(DistributionRun.objects.select_for_update().filter(pk__in=run_ids).order_by("pk"))
    missing = sorted(set(run_ids) - {r.pk for r in runs})
    if missing or not runs:
        raise ValidationError({"runs": f"run(s) {', '.join(map(str, missing)) or '-'} not found"})
    for run in runs:
        if run.status != DistributionRun.Status.APPROVED:
            raise ValidationError({"runs": f"run {run.pk} is {run.status}: only approved runs are paid"})
    if len({r.currency for r in runs}) > 1:
        raise ValidationError({"runs": "runs of one currency per batch"})
    return runs


def _item(batch: PaymentBatch, o: Owed, held: int) -> PaymentItem:
    return PaymentItem(
        batch=batch,
        run_id=o.run_id,
        payee_kind=o.payee_kind,
        payee=o.payee,
        party_id=o.party_id,
        society_id=o.society_id,
        amount=o.amount,
        withholding=held,
    )


def _transfers(batch, o: Owed, recipients, gross: int, held: int, net: int, count: int) -> list[CreditTransfer]:
    found = []
    # The accounts' percentages sum to 100 (see _unpayable); equal remainders go to the accounts in id order.
    for account, part in zip(recipients, money.split(net, [a.percent for a in recipients]), strict=True):
        if part <= 0:
            continue
        share = Fraction(part, net)
        found.append(
            CreditTransfer(
                batch=batch,
                payee_kind=o.payee_kind,
                payee=o.payee,
                party_id=o.party_id,
                society_id=o.society_id,
                recipient_kind=account.kind,
                holder=account.holder,
                iban=account.iban,
                bic=account.bic,
                gross=round(gross * share),
                withholding=round(held * share),
                amount=part,
                end_to_end_id=f"{batch.message_id}-{count + len(found) + 1:06d}",
            )
        )
    return found


def message(batch: PaymentBatch, transfers: list[CreditTransfer]) -> pain001.Message:
    return pain001.Message(
        message_id=batch.message_id,
        created_at=batch.created_at,
        execution_date=batch.execution_date,
        debtor=pain001.Account(batch.debtor_name, batch.debtor_iban, batch.debtor_bic),
        transfers=[
            pain001.Transfer(
                t.end_to_end_id,
                t.amount,
                batch.currency,
                pain001.Account(t.holder, t.iban, t.bic),
                f"Royalties {settings.SOCIETY_CODE} {t.payee_kind} {t.payee}",
            )
            for t in transfers
        ],
    )


def csv_text(batch: PaymentBatch) -> str:
    rows = (
        [
            t.end_to_end_id,
            t.payee_kind,
            t.payee,
            t.recipient_kind,
            t.holder,
            t.iban,
            t.bic,
            t.gross,
            t.withholding,
            t.amount,
            batch.currency,
        ]
        for t in batch.transfers.order_by("end_to_end_id")
    )
    return tabular.csv_text(CSV_COLUMNS, rows)


def write_files(batch: PaymentBatch, out_dir: Path) -> list[Path]:
    """pain001_<message id>.xml and payments_<message id>.csv in out_dir (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    xml_path, csv_path = out_dir / f"pain001_{batch.message_id}.xml", out_dir / f"payments_{batch.message_id}.csv"
    xml_path.write_text(batch.document, encoding="utf-8")
    csv_path.write_text(csv_text(batch), encoding="utf-8")
    return [xml_path, csv_path]


@transaction.atomic
def record_status(*, end_to_end_ids: list[str], status: str, user=None) -> int:
    """Paid or failed, as the bank reports. A payee whose every transfer of a batch failed becomes payable again."""
    if status not in (CreditTransfer.Status.PAID, CreditTransfer.Status.FAILED):
        raise ValidationError({"status": "paid or failed"})
    transfers = list(CreditTransfer.objects.select_for_update().filter(end_to_end_id__in=end_to_end_ids))
    unknown = sorted(set(end_to_end_ids) - {t.end_to_end_id for t in transfers})
    if unknown:
        raise ValidationError({"transfers": f"unknown end-to-end id(s): {', '.join(unknown)}"})
    now = timezone.now()
    CreditTransfer.objects.filter(pk__in=[t.pk for t in transfers]).update(status=status, status_at=now)
    for batch in PaymentBatch.objects.filter(pk__in={t.batch_id for t in transfers}):  # one entry per batch
        ids = sorted(t.end_to_end_id for t in transfers if t.batch_id == batch.pk)
        audit.record(action=AuditEntry.Action.UPDATE, instance=batch, user=user, after={f"marked {status}": ids})
    if status == CreditTransfer.Status.FAILED:
        for batch_id, kind, payee in {(t.batch_id, t.payee_kind, t.payee) for t in transfers}:
            others = CreditTransfer.objects.filter(batch_id=batch_id, payee_kind=kind, payee=payee)
            if not others.exclude(status=CreditTransfer.Status.FAILED).exists():
                PaymentItem.objects.filter(batch_id=batch_id, payee_kind=kind, payee=payee).update(active=False)
    for batch_id in {t.batch_id for t in transfers}:
        if not CreditTransfer.objects.filter(batch_id=batch_id, status=CreditTransfer.Status.PENDING).exists():
            PaymentBatch.objects.filter(pk=batch_id).update(status=PaymentBatch.Status.CLOSED)
    return len(transfers)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None
