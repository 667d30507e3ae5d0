from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from distribution.licensing import engine as licensing
from distribution.licensing import invoicing


class Command(BaseCommand):
    help = "Invoice every licence agreement valid in PERIOD (YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("period")
        parser.add_argument("--issued", help="date of issue, YYYY-MM-DD (default today)")

    def handle(self, *args, **o):
        try:
            period = licensing.parse_period(o["period"])
            issued = date.fromisoformat(o["issued"]) if o["issued"] else None
        except (licensing.LicensingError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        try:
            result = invoicing.invoice_period(period=period, issued_on=issued)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        invoices, problems = result["invoices"], result["problems"]
        self.stdout.write(
            f"period {period}: {len(invoices)} invoices, {result['already']} already invoiced, "
            f"{len(problems)} not invoiced"
        )
        for currency, total in sorted(result["totals"].items()):
            self.stdout.write(f"total {currency}={total}")
        for invoice in invoices:
            who = invoice.licensee
            self.stdout.write(f"{invoice.number} {who.code} {who.name}: {invoice.total} {invoice.currency}")
        for problem in problems:
            self.stdout.write(f"not invoiced: {problem}")
