"""Operator commands of licensing: invoice_period, import_payments, create_pool, exports, run_distribution --pool."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from licensing_factories import agreement, licensee, radio_setup, tariff
from openpyxl import load_workbook

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period
from distribution.licensing.models import CollectionPool, Invoice, Payment
from distribution.runs.models import DistributionRun
from distribution.usage.models import Match, UsageLine, UsageReport

pytestmark = pytest.mark.django_db


def command(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_invoice_period_prints_a_summary_first_and_lists_what_it_could_not_invoice():
    who, deal = radio_setup(revenue=5_000_000)
    silent = agreement(licensee("Quiet FM"))

    out = command("invoice_period", "2026-Q1", "--issued", "2026-04-02")
    again = command("invoice_period", "2026-Q1")

    invoice = Invoice.objects.get()
    assert out[0] == "period 2026-01-01..2026-03-31: 1 invoices, 0 already invoiced, 1 not invoiced"
    assert "total EUR=250000" in out
    assert f"{invoice.number} {who.code} Radio One: 250000 EUR" in out
    assert any(line.startswith(f"not invoiced: {silent.reference}") for line in out)
    assert again[0].endswith("0 invoices, 1 already invoiced, 1 not invoiced")
    with pytest.raises(CommandError, match="2026-Q7"):
        command("invoice_period", "2026-Q7")


def _bank_file(tmp_path, rows, name="bank.csv"):
    path = tmp_path / name
    path.write_text("date,amount,currency,reference,payer,licensee\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_payments_matches_rows_and_rejects_bad_ones_with_their_row_number(tmp_path):
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=parse_period("2026-Q1"))
    path = _bank_file(
        tmp_path,
        [
            f"2026-04-20,1000.00,EUR,{invoice.number},RADIO ONE SA,",
            "2026-04-21,1500.00,EUR,balance,Radio One,",  # payer name known: oldest open invoice
            "2026-04-22,12.5x,EUR,oops,Someone,",
            "2026-04-23,99.00,EUR,donation,Unknown Ltd,",
        ],
    )

    out = command("import_payments", str(path))
    again = command("import_payments", str(path))

    assert out[0].endswith(": 3 payments, 2 matched, 1 unmatched, 1 rejected")
    assert "received=259900 allocated=250000 unallocated=9900" in out
    assert "rejected: bank.csv:3 column 'amount': '12.5x': not a number" in out
    assert again[0].endswith("already imported") and Payment.objects.count() == 3
    assert set(Payment.objects.exclude(payer="Unknown Ltd").values_list("licensee", flat=True)) == {who.pk}


def test_import_payments_refuses_a_file_without_the_needed_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("when,how much\n2026-01-01,5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        command("import_payments", str(path))


def test_exports_write_invoices_and_the_receivables_ledger(tmp_path):
    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=parse_period("2026-Q1"), issued_on=date(2026, 4, 1))
    collection.record_payment(received_on=date(2026, 4, 9), amount=50_000, currency="EUR", licensee=who)

    out = command("export_receivables", "--out", str(tmp_path / "r.xlsx"), "--on", "2026-06-01")
    inv_out = command("export_receivables", "--invoices", "--out", str(tmp_path / "i.xlsx"), "--period", "2026")

    assert out[0].startswith("receivables on 2026-06-01: 1 balances")
    book = load_workbook(tmp_path / "r.xlsx")
    balance = dict(zip([c.value for c in book["balances"][1]], [c.value for c in book["balances"][2]], strict=True))
    assert (balance["invoiced"], balance["paid"], balance["outstanding"], balance["31-60"]) == (
        250_000,
        50_000,
        200_000,
        200_000,
    )
    assert [row[-1].value for row in book["ledger"].iter_rows(min_row=2)] == [250_000, 200_000]
    assert inv_out[0].startswith("invoices: 1 written")
    lines = list(load_workbook(tmp_path / "i.xlsx")["lines"].iter_rows(min_row=2, values_only=True))
    assert sum(row[-1] for row in lines) == invoice.total


def _unidentified_report():
    report = UsageReport.objects.create(
        source="radio",
        filename="q1.csv",
        checksum="f" * 64,
        format="csv",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        right_type="PR",
    )
    match = Match.objects.create(report=report, key="K1", status=Match.Status.UNIDENTIFIED)
    UsageLine.objects.create(report=report, line=1, key="K1", plays=3, match=match)
    return report


def test_run_distribution_takes_its_gross_from_a_pool_once_and_ties_out_to_the_cent():
    tariff("RADIO", revenue_percent=Decimal("5"))
    deal = agreement(licensee())
    period = parse_period("2026-Q1")
    invoicing.record_declaration(agreement=deal, period=period, revenue=2_469_137)
    invoice = invoicing.invoice_agreement(agreement=deal, period=period)  # 123,456.85 × 5 % → 1,234.57
    collection.record_payment(
        received_on=date(2026, 4, 9), amount=invoice.total, currency="EUR", licensee=deal.licensee
    )
    pool_out = command("create_pool", "--source", "broadcaster", "--right", "PR", "--period", "2026-Q1")
    pool = CollectionPool.objects.get()
    report = _unidentified_report()
    args = ["run_distribution", "--name", "Q1 radio", "--reports", str(report.pk), "--right", "PR"]

    out = command(*args, "--pool", str(pool.pk), "--admin", "15", "--social", "10")

    run = DistributionRun.objects.get()
    pool.refresh_from_db()
    assert pool_out[0] == f"pool {pool.pk}: collected=123457 EUR from 1 payments"
    assert out[0].startswith(f"run {run.pk} calculated: G=123457 ")
    assert run.pool_draw.pool == pool and (pool.distributed, pool.remaining) == (123_457, 0)
    with pytest.raises(CommandError, match=f"pool {pool.pk}: nothing left"):
        command(*args, "--pool", str(pool.pk))
    assert DistributionRun.objects.count() == 1  # the refused run was not created
    with pytest.raises(CommandError, match="exactly one of --gross or --pool"):
        command(*args, "--pool", str(pool.pk), "--gross", "10.00")


def test_import_payments_reads_a_spreadsheet_with_date_and_number_cells(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    who, deal = radio_setup(revenue=5_000_000)
    invoice = invoicing.invoice_agreement(agreement=deal, period=parse_period("2026-Q1"))
    book = Workbook()
    book.active.append(["Date", "Amount", "Reference"])
    book.active.append([datetime(2026, 4, 20), 2500, invoice.number])
    book.save(tmp_path / "bank.xlsx")

    out = command("import_payments", str(tmp_path / "bank.xlsx"))

    assert out[0].endswith(": 1 payments, 1 matched, 0 unmatched, 0 rejected")
    assert Payment.objects.get().received_on == date(2026, 4, 20)
