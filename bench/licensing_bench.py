"""Licensing benchmark: N licensees with agreements and declarations, then prints the seconds (and rates) of
invoicing a quarter (`invoice_period`), importing and matching a bank file of N payments (`import_payments`) and
pooling the money collected (`create_pool`).

    .venv/bin/python bench/licensing_bench.py [--licensees 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/licensing_bench.py

SQLite runs in a temporary file; on PostgreSQL the database is DATABASE_URL's name + "_licbench" (dropped and
created again on each run).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _database(folder: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_licbench"
    admin = psycopg2.connect(urlunparse(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{name}"))


def _setup(count: int) -> None:
    from distribution.licensing import services as collection
    from distribution.licensing.engine import parse_period
    from distribution.licensing.models import Declaration, LicenceAgreement, Licensee
    from wipoconnect.core.numbering import allocate_codes

    collection.create_tariff(
        fields={
            "code": "B",
            "name": "bench",
            "valid_from": date(2020, 1, 1),
            "currency": "EUR",
            "revenue_percent": "4.5",
            "minimum_fee": 50000,
        }
    )
    codes = allocate_codes("L", count)
    licensees = Licensee.objects.bulk_create(
        Licensee(code=code, name=f"Licensee {n}", kind="broadcaster" if n % 2 else "venue")
        for n, code in enumerate(codes)
    )
    agreements = LicenceAgreement.objects.bulk_create(
        LicenceAgreement(
            reference=f"LA-B{n:07d}",
            licensee=lic,
            rights={"PR": "80.00", "MR": "20.00"},
            valid_from=date(2025, 1, 1),
            tariff_code="B",
        )
        for n, lic in enumerate(licensees)
    )
    q1 = parse_period("2026-Q1")
    Declaration.objects.bulk_create(
        Declaration(agreement=a, period_start=q1.start, period_end=q1.end, revenue=1_000_000 + 7_919 * n)
        for n, a in enumerate(agreements)
    )


def _bank_file(folder: Path) -> Path:
    from distribution.licensing.models import Invoice
    from wipoconnect.core.money import amount_text

    path = folder / "bank.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "amount", "reference", "licensee"])
        rows = Invoice.objects.values_list("number", "total", "currency", "licensee__code")
        for n, (number, total, currency, code) in enumerate(rows):
            reference, licensee = (number, "") if n % 3 else ("transfer", code)  # a third matched by payer
            writer.writerow(["2026-04-20", amount_text(total, currency), reference, licensee])
    return path


def _timed(label: str, count: int, unit: str, work):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s ({count / seconds:,.0f} {unit}/s)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--licensees", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _database(Path(folder))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from distribution.licensing import invoicing
        from distribution.licensing import services as collection
        from distribution.licensing.engine import parse_period
        from distribution.licensing.payment_import import import_payments

        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}; licensees: {args.licensees}")
        _setup(args.licensees)
        q1 = parse_period("2026-Q1")
        result = _timed(
            "invoice_period",
            args.licensees,
            "invoices",
            lambda: invoicing.invoice_period(period=q1, issued_on=date(2026, 4, 5)),
        )
        assert len(result["invoices"]) == args.licensees, result["problems"][:3]
        path = _bank_file(Path(folder))
        paid = _timed("import_payments", args.licensees, "payments", lambda: import_payments(path))
        print(f"  {paid.first_line()}")
        pool = _timed(
            "create_pool",
            args.licensees // 2,
            "payments",
            lambda: collection.create_pool(
                source="broadcaster", right_type="PR", territory="2136", period=q1, currency="EUR"
            ),
        )
        print(f"  pool {pool.pk}: collected={pool.collected}")
        if connection.vendor == "postgresql":
            connection.close()


if __name__ == "__main__":
    main()
