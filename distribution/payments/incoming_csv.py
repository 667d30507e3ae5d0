"""Statements received from sister societies: CSV with the CRD fallback columns (domain.md §4), or a CRD file
(read by distribution.runs.crd). No Django imports.

Columns (header names are matched without case, spaces or punctuation): distribution id, society work id, ISWC,
title, IP name, IPI name #, role, society, share %, right type, territory, period start, period end, usage count,
gross amount, currency. One row is the amount of one IP share of one work. An amount without a decimal point is in
minor units of the row's currency, else the statement's (as this project's CRD CSV export writes them, `1234` =
12.34 EUR = 1,234 JPY); with one, in currency units (`12.34`).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from distribution.runs.crd import CrdDistribution, CrdError, read_crd
from wipoconnect.core.errors import DomainError
from wipoconnect.core.identifiers import normalize_iswc
from wipoconnect.core.money import exponent
from wipoconnect.core.tabular import text_rows

COLUMNS = {
    "distributionid": "distribution_id",
    "societyworkid": "society_work_id",
    "iswc": "iswc",
    "title": "title",
    "ipname": "ip_name",
    "ipiname": "ipi_name",
    "ipinamenumber": "ipi_name",
    "role": "role",
    "society": "society",
    "share": "share",
    "sharepercent": "share",
    "righttype": "right_type",
    "territory": "territory",
    "periodstart": "period_start",
    "periodend": "period_end",
    "usagecount": "usage_count",
    "grossamount": "amount",
    "amount": "amount",
    "currency": "currency",
}
REQUIRED = ("title", "amount")
AMOUNT_DECIMALS = 4
MAX_ERRORS = 20


class StatementError(DomainError):
    """A statement that cannot be imported; the message lists the lines and fields at fault."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    distribution_id: str
    society_work_id: str
    iswc: str
    title: str
    ip_name: str
    ipi_name: str
    role: str
    society: str
    share: Decimal | None
    right_type: str
    territory: str
    period_start: date | None
    period_end: date | None
    usage_count: int
    amount: Decimal
    currency: str

    @property
    def weight(self) -> int:
        """The amount in 1/10 000 of the statement currency: exact weights for the engine."""
        return int(self.amount.scaleb(AMOUNT_DECIMALS))


def read(data: bytes, name: str, currency: str) -> tuple[list[Row], str]:
    """The statement's rows and the sending society's code when the file names it (CRD), else "". Amounts in
    minor units are of the row's currency, else of `currency` (the statement's)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StatementError(f"{name}: not UTF-8 (byte {exc.start + 1}); save it as CSV UTF-8") from None
    if text.startswith("HDR"):
        try:
            distribution = read_crd(text, name)
        except CrdError as exc:
            raise StatementError(str(exc)) from None
        return crd_rows(distribution, currency), distribution.sender
    return read_csv(text, name, currency), ""


def crd_rows(d: CrdDistribution, currency: str) -> list[Row]:
    """One row per WER (the amount of one IP share of one work), numbered in file order."""
    rows = []
    for work in d.works:
        ips = {ip.ipi_name: ip for ip in work.ips}
        for e in work.exploitations:
            ip = ips.get(e.ipi_name)
            rows.append(
                Row(
                    line=len(rows) + 1,
                    distribution_id=d.distribution_id,
                    society_work_id=work.society_work_id,
                    iswc=_field("ISWC", work.iswc, lambda v: normalize_iswc(v) if v.strip() else ""),
                    title=work.title,
                    ip_name=ip.name if ip else "",
                    ipi_name=e.ipi_name,
                    role=ip.role if ip else "",
                    society=ip.society if ip else "",
                    share=Decimal(e.share).scaleb(-2),
                    right_type=e.right_type,
                    territory=e.territory,
                    period_start=e.period_start,
                    period_end=e.period_end,
                    usage_count=e.usage_count,
                    amount=Decimal(e.amount).scaleb(-exponent(e.currency or currency)),
                    currency=e.currency,
                )
            )
    if not rows:
        raise StatementError(f"CRD distribution {d.distribution_id}: no WER record")
    return rows


def read_csv(text: str, name: str, currency: str) -> list[Row]:
    header, reader = text_rows(text)
    if not header:
        raise StatementError(f"{name}: empty file")
    fields = [COLUMNS.get(re.sub(r"[^a-z]", "", h.lower().replace("#", "number"))) for h in header]
    missing = [c for c in REQUIRED if c not in fields]
    if missing:
        raise StatementError(f"{name}:1 header: missing column(s) {', '.join(missing)}")
    rows, errors = [], []
    for row, values in reader:
        number = row + 1  # the file's line: the header is line 1
        if not any(v.strip() for v in values):
            continue
        raw = {f: v.strip() for f, v in zip(fields, values, strict=False) if f}
        try:
            rows.append(_row(number, raw, currency))
        except ValueError as exc:
            errors.append(f"{name}:{number} {exc}")
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise StatementError("; ".join(errors[:MAX_ERRORS]) + more)
    if not rows:
        raise StatementError(f"{name}: no statement line")
    return rows


def _row(line: int, raw: dict[str, str], currency: str) -> Row:
    return Row(
        line=line,
        distribution_id=raw.get("distribution_id", ""),
        society_work_id=raw.get("society_work_id", ""),
        iswc=_field("ISWC", raw.get("iswc", ""), lambda v: normalize_iswc(v) if v else ""),
        title=raw.get("title", ""),
        ip_name=raw.get("ip_name", ""),
        ipi_name=_field("IPI name #", raw.get("ipi_name", ""), _ipi),
        role=raw.get("role", "")[:2].upper(),
        society=_field("society", raw.get("society", ""), lambda v: v.zfill(3) if v.isdigit() else v),
        share=_field("share %", raw.get("share", ""), lambda v: Decimal(v) if v else None),
        right_type=raw.get("right_type", "").upper(),
        territory=raw.get("territory", ""),
        period_start=_field("period start", raw.get("period_start", ""), _date),
        period_end=_field("period end", raw.get("period_end", ""), _date),
        usage_count=_field("usage count", raw.get("usage_count", ""), lambda v: int(v or 0)),
        amount=_field("gross amount", raw.get("amount", ""), lambda v: _amount(v, raw.get("currency") or currency)),
        currency=raw.get("currency", "").upper(),
    )


def _field(label: str, value: str, parse):
    try:
        return parse(value)
    except (ValueError, InvalidOperation) as exc:
        raise ValueError(f"field '{label}' {value!r}: {exc}") from None


def _ipi(value: str) -> str:
    if value and (not value.isdigit() or len(value) > 11):
        raise ValueError("up to 11 digits")
    return value.zfill(11) if value else ""


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _amount(value: str, currency: str) -> Decimal:
    value = value.replace(" ", "")
    amount = Decimal(value) if "." in value else Decimal(int(value)).scaleb(-exponent(currency))  # minor units
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal(1).scaleb(-AMOUNT_DECIMALS)):
        raise ValueError(f"not an amount ≥ 0 with at most {AMOUNT_DECIMALS} decimals")
    return amount
