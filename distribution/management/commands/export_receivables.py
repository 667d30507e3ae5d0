from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from distribution.licensing import engine as licensing
from distribution.licensing import export as licensing_export
from distribution.licensing.models import Invoice


class Command(BaseCommand):
    help = "Write the receivables ledger (balances with aging, and every entry) or the invoices to an Excel file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="FILE.xlsx")
        parser.add_argument("--invoices", action="store_true", help="write the invoices and their lines instead")
        parser.add_argument("--period", help="only invoices within this period (with --invoices)")
        parser.add_argument("--on", help="aging date, YYYY-MM-DD (default today)")

    def handle(self, *args, **o):
        path = Path(o["out"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path}: the export is an Excel workbook (.xlsx)")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            today = date.fromisoformat(o["on"]) if o["on"] else timezone.localdate()
            if o["invoices"]:
                invoices = Invoice.objects.all()
                if o["period"]:
                    period = licensing.parse_period(o["period"])
                    invoices = invoices.filter(period_start__gte=period.start, period_end__lte=period.end)
                count = licensing_export.write_invoices(path, invoices)
                self.stdout.write(f"invoices: {count} written to {path}")
                return
        except (licensing.LicensingError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        count = licensing_export.write_receivables(path, today)
        self.stdout.write(f"receivables on {today}: {count} balances written to {path}")
