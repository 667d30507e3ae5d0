"""Files of a run: payout_lines, summary, and one statement per payee — CSV files or Excel workbooks."""

import io
import tempfile
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db.models.functions import Coalesce

from distribution.runs.engine import KINDS
from distribution.runs.models import DistributionRun, PayoutLine
from rightowners.models import InterestedParty, Society
from wipoconnect.core.tabular import write_rows

FORMATS = ("csv", "xlsx")
LINE_COLUMNS = ["payee_kind", "payee", "work", "amount"]
STATEMENT_COLUMNS = ["kind", "work", "title", "iswc", "role", "share", "weight", "amount"]
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def export(run: DistributionRun, fmt: str, out_dir: Path) -> list[Path]:
    """Write payout_lines, summary and statement_<payee> files into out_dir (created if missing)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use {' or '.join(FORMATS)}")
    if not run.summary:
        raise ValueError(f"run {run.pk} is {run.status}: calculate it before exporting statements")
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = _lines(run)
    tables = {
        "payout_lines": (LINE_COLUMNS, [row[:4] for row in lines]),
        "summary": (["item", "value"], summary_rows(run)),
    }
    for payee, (title, rows) in statements(run, lines).items():
        tables[f"statement_{payee}"] = (STATEMENT_COLUMNS, rows, title)
    return [_write(out_dir / f"{name}.{fmt}", fmt, *table) for name, table in tables.items()]


def export_zip(run: DistributionRun, fmt: str) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in export(run, fmt, Path(tmp)):
            archive.write(path, path.name)
    return buffer.getvalue()


def _lines(run: DistributionRun) -> list[tuple]:
    """(kind, payee, work key, amount, title, iswc, roles, share, weight), in kind order then code-point order."""
    # A neighbouring-rights line names a recording instead of a work (its key, the ISRC, is in work_key).
    title = Coalesce("work__title", "recording__title")
    rows = PayoutLine.objects.filter(run=run).values_list(
        "payee_kind", "payee", "work_key", "amount", title, "work__iswc", "roles", "share", "weight"
    )
    return sorted(rows.iterator(chunk_size=20_000), key=lambda r: (KIND_ORDER[r[0]], r[1], r[2]))


def summary_rows(run: DistributionRun) -> list[tuple[str, object]]:
    s = run.summary
    rows: list[tuple[str, object]] = [(k, s[k]) for k in ("G", "A", "S", "N")]
    rows += [(f"total_{kind}", amount) for kind, amount in s["totals"].items()]
    rows += [(f"suspense_{account}", amount) for account, amount in s["suspense"].items()]
    rows += [("conserved_A_plus_S_plus_lines", s["conserved"])]
    rows += [("conservation_check", "ok" if s["balanced"] else "FAILED")]
    rows += [("currency", run.currency), ("conflicts", len(s["conflicts"]))]
    return rows


def statements(run: DistributionRun, lines: list[tuple]) -> dict[str, tuple[str, list[tuple]]]:
    """Per payee key: a title line and its rows, then the totals paid and carried forward."""
    names = _payee_names(run)
    by_payee: dict[str, list[tuple]] = defaultdict(list)
    for kind, payee, work, amount, title, iswc, roles, share, weight in lines:
        by_payee[payee].append((kind, work, title or "", iswc or "", roles, _percent(share), weight, amount))
    result = {}
    for payee, rows in by_payee.items():
        carried = sum(r[7] for r in rows if r[0] == PayoutLine.PayeeKind.CARRY_FORWARD)
        paid = sum(r[7] for r in rows) - carried
        blank = ("",) * 6
        rows += [("total_paid", *blank, paid), ("total_carried_forward", *blank, carried)]
        result[payee] = (f"{run.name} ({run.currency}, minor units): {payee} {names.get(payee, '')}".strip(), rows)
    return result


def _payee_names(run: DistributionRun) -> dict[str, str]:
    party_ids = PayoutLine.objects.filter(run=run, party__isnull=False).values("party_id")
    names = {p.payee_key: p.name for p in InterestedParty.objects.filter(id__in=party_ids)}
    names.update(dict(Society.objects.filter(code__in=run.lines.values("payee")).values_list("code", "name")))
    return names


def _percent(share: Decimal | None) -> str:
    return "" if share is None else format(share.normalize(), "f")


def _write(path: Path, fmt: str, columns: list[str], rows: list[tuple], title: str | None = None) -> Path:
    write_rows(path, columns, rows, fmt, sheet=path.stem, title=title)
    return path
