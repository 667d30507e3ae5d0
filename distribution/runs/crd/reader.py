"""Read a CRD file written by writer.py back into a CrdDistribution, checking structure, counts and totals.

Errors carry where and why: `crd_052.V20:7 WER field 'amount': 'x12' is not a number`.
"""

from dataclasses import dataclass, field
from datetime import datetime

from distribution.runs.crd.data import CrdDistribution, CrdExploitation, CrdIp, CrdWork
from distribution.runs.crd.fields import decode
from distribution.runs.crd.layouts import LAYOUTS, LENGTHS
from wipoconnect.core.errors import DomainError

IP_FIELDS = ("ipi_name", "name", "role", "society", "share")
WER_FIELDS = (
    "ipi_name",
    "right_type",
    "territory",
    "period_start",
    "period_end",
    "usage_count",
    "share",
    "amount",
    "currency",
)


class CrdError(DomainError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _State:
    name: str
    errors: list[str] = field(default_factory=list)
    records: list[tuple[int, str, dict]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(f"{self.name}:{line} {message}")


def read_crd(text: str, name: str = "file.crd") -> CrdDistribution:
    state = _State(name)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            _parse(state, number, line)
    distribution = _assemble(state) if not state.errors else None
    if state.errors or distribution is None:
        raise CrdError(state.errors or [f"{name}: no SDN transaction"])
    return distribution


def _parse(state: _State, number: int, line: str) -> None:
    kind = line[:3]
    if kind not in LAYOUTS:
        state.error(number, f"unknown record type {kind!r} (known: {', '.join(LAYOUTS)})")
        return
    if len(line) < LENGTHS[kind]:
        state.error(number, f"{kind} is {len(line)} characters long, its layout needs {LENGTHS[kind]}")
        return
    values = {}
    for f in LAYOUTS[kind]:
        try:
            values[f.name] = decode(f, line[f.start - 1 : f.start - 1 + f.length])
        except ValueError as exc:
            state.error(number, f"{kind} field '{f.name}': {exc}")
    state.records.append((number, kind, values))


def _assemble(state: _State) -> CrdDistribution | None:
    kinds = [kind for _, kind, _ in state.records]
    if kinds[:3] != ["HDR", "GRH", "SDN"] or kinds[-2:] != ["GRT", "TRL"]:
        state.error(1, f"the file must open with HDR, GRH, SDN and close with GRT, TRL (found {' '.join(kinds)})")
        return None
    works: list[tuple[int, dict, list[dict], list[dict]]] = []
    for number, kind, values in state.records[3:-2]:
        if kind == "MWN":
            works.append((number, values, [], []))
        elif kind in ("MIP", "WER") and works:
            works[-1][2 if kind == "MIP" else 3].append(values)
        else:
            state.error(number, f"{kind} is not allowed here (expected MWN, or MIP/WER after an MWN)")
    header, sdn = state.records[0][2], state.records[2][2]
    result = CrdDistribution(
        sender=f"{sdn['sender']:03d}",
        sender_name=header["sender_name"],
        recipient=f"{sdn['recipient']:03d}",
        distribution_id=sdn["distribution_id"],
        distribution_date=sdn["distribution_date"],
        currency=sdn["currency"],
        right_type=sdn["right_type"],
        territory=str(sdn["territory"]),
        period_start=sdn["period_start"],
        period_end=sdn["period_end"],
        created=datetime.combine(header["creation_date"], header["creation_time"] or datetime.min.time()),
        works=tuple(_work(state, *w) for w in works),
    )
    _check_totals(state, result, sdn)
    return result


def _work(state: _State, number: int, mwn: dict, mips: list[dict], wers: list[dict]) -> CrdWork:
    work = CrdWork(
        society_work_id=mwn["society_work_id"],
        iswc=mwn["iswc"],
        title=mwn["title"],
        ips=tuple(CrdIp(**{**{k: m[k] for k in IP_FIELDS}, **_ids(m)}) for m in mips),
        exploitations=tuple(
            CrdExploitation(**{**{k: w[k] for k in WER_FIELDS}, **_ids(w), "territory": str(w["territory"])})
            for w in wers
        ),
    )
    if work.amount != mwn["amount"]:
        state.error(number, f"MWN field 'amount': {mwn['amount']} but its WER records add up to {work.amount}")
    return work


def _ids(values: dict) -> dict:
    """Numeric codes keep their leading zeros: IPI name numbers (11 digits, blank when 0) and society codes."""
    ids = {"ipi_name": f"{values['ipi_name']:011d}" if values.get("ipi_name") else ""}
    if "society" in values:
        ids["society"] = f"{values['society'] or 0:03d}"
    return ids


def _check_totals(state: _State, d: CrdDistribution, sdn: dict) -> None:
    (grt_line, _, grt), (trl_line, _, trl) = state.records[-2], state.records[-1]
    transactions = 1 + len(d.works)
    if sdn["amount"] != d.amount:
        state.error(state.records[2][0], f"SDN field 'amount': {sdn['amount']} but its works add up to {d.amount}")
    if sdn["work_count"] != len(d.works):
        state.error(state.records[2][0], f"SDN field 'work_count': {sdn['work_count']} but {len(d.works)} MWN")
    for line, values, records in ((grt_line, grt, len(state.records) - 2), (trl_line, trl, len(state.records))):
        kind = state.records[-2 if values is grt else -1][1]
        if values["transaction_count"] != transactions:
            state.error(line, f"{kind} field 'transaction_count': {values['transaction_count']}, found {transactions}")
        if values["record_count"] != records:
            state.error(line, f"{kind} field 'record_count': {values['record_count']}, found {records}")
