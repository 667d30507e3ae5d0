"""Write a CrdDistribution as a fixed-width CRD file (layouts.py) or as the CSV fallback (domain.md §4)."""

from collections.abc import Iterator

from distribution.runs.crd.data import CrdDistribution, CrdWork
from distribution.runs.crd.fields import encode
from distribution.runs.crd.layouts import LAYOUTS, STANDARD_VERSION
from wipoconnect.core.tabular import csv_text

CSV_COLUMNS = [
    "distribution_id",
    "society_work_id",
    "iswc",
    "title",
    "ip_name",
    "ipi_name_number",
    "role",
    "society",
    "share_percent",
    "right_type",
    "territory",
    "period_start",
    "period_end",
    "usage_count",
    "gross_amount",
    "currency",
]


def record(kind: str, values: dict) -> str:
    return "".join(encode(f, values.get(f.name)) for f in LAYOUTS[kind])


def write_crd(d: CrdDistribution) -> str:
    """The whole file, CR LF line ends: HDR, GRH, SDN, per work MWN + MIP* + WER*, GRT, TRL."""
    lines = [
        record(
            "HDR",
            {
                "record_type": "HDR",
                "sender_type": "SO",
                "sender": d.sender,
                "sender_name": d.sender_name,
                "standard_version": STANDARD_VERSION,
                "creation_date": d.created.date(),
                "creation_time": d.created.time(),
                "transmission_date": d.created.date(),
                "recipient": d.recipient,
            },
        ),
        record("GRH", {"record_type": "GRH", "transaction_type": "SDN", "group_id": 1, "version": STANDARD_VERSION}),
        *_transactions(d),
    ]
    transactions = 1 + len(d.works)
    group = len(lines)  # GRH .. GRT: the records after HDR, and the GRT itself
    lines.append(
        record("GRT", {"record_type": "GRT", "group_id": 1, "transaction_count": transactions, "record_count": group})
    )
    lines.append(
        record(
            "TRL",
            {"record_type": "TRL", "group_count": 1, "transaction_count": transactions, "record_count": len(lines) + 1},
        )
    )
    return "".join(line + "\r\n" for line in lines)


def _transactions(d: CrdDistribution) -> Iterator[str]:
    yield record(
        "SDN",
        {
            **_prefix("SDN", 0, 0),
            **{
                name: getattr(d, name)
                for name in (
                    "sender",
                    "recipient",
                    "distribution_id",
                    "distribution_date",
                    "currency",
                    "right_type",
                    "territory",
                    "period_start",
                    "period_end",
                    "amount",
                )
            },
            "work_count": len(d.works),
        },
    )
    for seq, work in enumerate(d.works, start=1):
        yield from _work(seq, work)


def _work(seq: int, w: CrdWork) -> Iterator[str]:
    yield record(
        "MWN",
        {
            **_prefix("MWN", seq, 0),
            "society_work_id": w.society_work_id,
            "iswc": w.iswc,
            "title": w.title,
            "amount": w.amount,
        },
    )
    details = [("MIP", ip.__dict__) for ip in w.ips] + [("WER", e.__dict__) for e in w.exploitations]
    for n, (kind, values) in enumerate(details, start=1):
        yield record(kind, {**_prefix(kind, seq, n), **values})


def _prefix(kind: str, transaction: int, detail: int) -> dict:
    return {"record_type": kind, "transaction_seq": transaction, "record_seq": detail}


def write_csv(d: CrdDistribution) -> str:
    """One row per WER with its work and party (the CSV fallback of domain.md §4); amounts in minor units."""
    return csv_text(CSV_COLUMNS, _csv_rows(d))


def _csv_rows(d: CrdDistribution) -> Iterator[list]:
    for w in d.works:
        ips = {ip.ipi_name: ip for ip in w.ips}
        for e in w.exploitations:
            ip = ips.get(e.ipi_name)
            yield [
                d.distribution_id,
                w.society_work_id,
                w.iswc,
                w.title,
                ip.name if ip else "",
                e.ipi_name,
                ip.role if ip else "",
                ip.society if ip else d.recipient,
                f"{e.share // 100}.{e.share % 100:02d}",
                e.right_type,
                e.territory,
                e.period_start.isoformat(),
                e.period_end.isoformat(),
                e.usage_count,
                e.amount,
                e.currency,
            ]
