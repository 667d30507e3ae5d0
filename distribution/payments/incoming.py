"""Statements received from sister societies (CSV, or CRD): import, identify against our repertoire, distribute to
our members.

The received amount is converted once, at the rate recorded on the import (G = amount × rate, rounded half to
even to minor units), and distributed as a run of kind `incoming` with the same rules as a usage run: each row's
money (its weight, exact) goes to the IP it names when that IP is known here, else through our share picture of
the work, else to the unidentified account under the row's usage key (claimable like any unidentified usage).
Only the configured INCOMING_ADMIN_PERCENT is deducted, no social/cultural deduction (no double deduction).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from distribution.payments import incoming_csv
from distribution.payments.models import IncomingLine, IncomingStatement
from distribution.runs import pooled as pool_runs
from distribution.runs.engine import pooled
from distribution.runs.models import DistributionRun, RunOrigin
from distribution.usage.identification import load_index
from distribution.usage.matching import normalize
from distribution.usage.matching.engine import AUTO, Engine
from distribution.usage.matching.keys import UsageKey, usage_key
from distribution.usage.models import KeyDecision
from rightowners.models import InterestedParty, Society
from wipoconnect.core import money
from works.models import Work


@dataclass(frozen=True)
class Found:
    key: str
    work_id: int | None
    party_id: int | None
    method: str


def parse_rate(text) -> Decimal:
    try:
        rate = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValidationError({"rate": f"--rate {text!r}: not a number"}) from None
    if not rate.is_finite() or rate <= 0:
        raise ValidationError({"rate": f"--rate {text!r}: must be positive"})
    return rate


def import_statement(*, data: bytes, filename: str, society: str, currency: str, rate, threshold="0"):
    """Import and distribute a statement; returns (statement, created). The same file again is not imported."""
    checksum = hashlib.sha256(data).hexdigest()
    existing = IncomingStatement.objects.filter(checksum=checksum).first()
    if existing:
        return existing, False
    sender = Society.objects.filter(code=society.zfill(3)).first()
    if sender is None:
        raise ValidationError({"society": f"society {society!r} is not in the societies table"})
    rate, currency = parse_rate(rate), currency.strip().upper()
    rows, named = incoming_csv.read(data, filename, currency)
    if named and named != sender.code:
        raise ValidationError({"society": f"{filename}: the file is from society {named}, not {sender.code}"})
    right = _check_rows(rows, filename, currency)
    found = identify(rows)
    with transaction.atomic():
        return _distribute(sender, filename, checksum, currency, rate, right, rows, found, threshold), True


def _check_rows(rows: list[incoming_csv.Row], name: str, currency: str) -> str:
    wrong = [r.line for r in rows if r.currency and r.currency != currency]
    if wrong:
        raise ValidationError({"currency": f"{name}:{wrong[0]} currency is not {currency} ({len(wrong)} lines)"})
    rights = {r.right_type for r in rows if r.right_type}
    if len(rights) != 1:
        raise ValidationError({"right_type": f"{name}: one right type per statement, found {sorted(rights) or 'none'}"})
    return rights.pop()


def identify(rows: list[incoming_csv.Row]) -> list[Found]:
    """Rows' works (remembered staff decisions, then the matching engine: ISWC, society work id, title + names)
    and IPs (IPI name number)."""
    keys = [_key(r) for r in rows]
    names: dict[str, set[str]] = defaultdict(set)
    for key, row in zip(keys, rows, strict=True):
        names[key.digest] |= normalize.surnames(row.ip_name)
    decided = dict(
        KeyDecision.objects.filter(key__in={k.digest for k in keys}, status=KeyDecision.Status.CONFIRMED).values_list(
            "key", "work_id"
        )
    )
    matcher = Engine(load_index()) if any(k.digest not in decided for k in keys) else None
    works: dict[str, tuple[int | None, str]] = {}
    for key in keys:
        if key.digest in works:
            continue
        if key.digest in decided:
            works[key.digest] = (decided[key.digest], "manual")
            continue
        result = matcher.identify(
            UsageKey(key.title, frozenset(names[key.digest]), frozenset(), key.iswc, "", key.work_ref)
        )
        works[key.digest] = (result.work_id, result.method) if result.status == AUTO else (None, "")
    parties = dict(
        InterestedParty.objects.filter(ipi_name__in={r.ipi_name for r in rows if r.ipi_name}).values_list(
            "ipi_name", "pk"
        )
    )
    return [
        Found(key=k.digest, work_id=works[k.digest][0], party_id=parties.get(r.ipi_name), method=works[k.digest][1])
        for k, r in zip(keys, rows, strict=True)
    ]


def _key(row: incoming_csv.Row) -> UsageKey:
    return usage_key(title=row.title, iswc=row.iswc, work_ref=row.society_work_id)


def convert(rows: list[incoming_csv.Row], rate: Decimal, currency: str) -> int:
    """The statement's total in minor units of `currency` (ours), converted once:
    round_half_even(Σ amount × rate × 10^exponent)."""
    return round(Fraction(sum(r.amount for r in rows)) * Fraction(rate) * 10 ** money.exponent(currency))


def statement_pools(run: DistributionRun) -> pool_runs.Pools:
    """An incoming run's pools, from its statement's lines: by what pays them (the IP named, else our picture of
    the work), and the unidentified weight per key."""
    statement = run.incoming_statement
    lines = list(statement.lines.order_by("line", "id"))
    codes = {
        pk: iswc or code
        for pk, iswc, code in Work.objects.filter(pk__in={x.work_id for x in lines if x.work_id}).values_list(
            "pk", "iswc", "code"
        )
    }
    weights: dict[tuple, int] = defaultdict(int)
    claimants: dict[tuple, tuple[int, str]] = {}
    unidentified: dict[str, int] = defaultdict(int)
    work_weights: dict[int, int] = defaultdict(int)
    for line in lines:
        weight = int(line.amount.scaleb(incoming_csv.AMOUNT_DECIMALS))
        if line.party_id:
            ref = ("ip", line.work_id, line.party_id)
            claimants[ref] = (line.party_id, line.role)
        elif line.work_id:
            ref = line.work_id
        else:
            unidentified[line.key] += weight
            continue
        weights[(ref, codes.get(line.work_id, ""), line.work_id)] += weight
        if line.work_id:
            work_weights[line.work_id] += weight
    pools = [pooled.Pool(ref, key, weight, work) for (ref, key, work), weight in weights.items()]
    on = statement.period_end or timezone.localdate(run.created_at)
    return pool_runs.Pools(on, pools, claimants, dict(unidentified), dict(work_weights))


INCOMING = pool_runs.pooled_kind(statement_pools)


def _distribute(sender, filename, checksum, currency, rate, right, rows, found, threshold) -> IncomingStatement:
    gross = convert(rows, rate, settings.CURRENCY)
    territories = {r.territory for r in rows if r.territory}
    territory = territories.pop() if len(territories) == 1 else sender.territory
    ends = [r.period_end for r in rows if r.period_end]
    starts = [r.period_start for r in rows if r.period_start]
    distribution_id = next((r.distribution_id for r in rows if r.distribution_id), "")
    run = pool_runs.create_run(
        name=f"incoming {sender.code} {distribution_id or filename}"[:120],
        kind=RunOrigin.Kind.INCOMING,
        original=None,
        currency=settings.CURRENCY,
        right=right,
        territory=territory,
        gross=gross,
        admin=Decimal(settings.INCOMING_ADMIN_PERCENT),
        threshold=money.parse_minor(threshold, settings.CURRENCY, "--threshold"),
    )
    statement = IncomingStatement.objects.create(
        society=sender,
        filename=filename[:255],
        checksum=checksum,
        distribution_id=distribution_id[:60],
        currency=currency,
        rate=rate,
        amount=sum(r.amount for r in rows),
        gross=gross,
        right_type=right,
        territory=territory,
        period_start=min(starts) if starts else None,
        period_end=max(ends) if ends else None,
        line_count=len(rows),
        identified_count=sum(1 for f in found if f.work_id or f.party_id),
        run=run,
    )
    IncomingLine.objects.bulk_create(_line(statement, r, f) for r, f in zip(rows, found, strict=True))
    pool_runs.calculate(run)
    statement.refresh_from_db()
    return statement


def _line(statement: IncomingStatement, row: incoming_csv.Row, f: Found) -> IncomingLine:
    return IncomingLine(
        statement=statement,
        line=row.line,
        society_work_id=row.society_work_id[:60],
        iswc=row.iswc,
        title=row.title[:300],
        ip_name=row.ip_name[:300],
        ipi_name=row.ipi_name,
        role=row.role,
        share=row.share,
        usage_count=row.usage_count,
        amount=row.amount,
        key=f.key,
        work_id=f.work_id,
        party_id=f.party_id,
        method=f.method[:8],
    )
