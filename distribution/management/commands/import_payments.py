from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from distribution.licensing import engine as licensing
from distribution.licensing.payment_import import import_payments


class Command(BaseCommand):
    help = (
        "Import payments received (CSV or XLSX with columns date, amount and optionally currency, reference, "
        "payer, licensee, invoice) and match them to open invoices."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **o):
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_payments(path)
        except (licensing.LicensingError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.first_line())
        if result.already:
            return
        self.stdout.write(
            f"received={result.amount} allocated={result.allocated} unallocated={result.amount - result.allocated}"
        )
        for rejection in result.rejected:
            self.stdout.write(f"rejected: {rejection}")
