from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.cwr.layouts import VERSIONS
from exchange.cwr_export import export_cwr


class Command(BaseCommand):
    help = "Export our works as a CWR registration file for one society (NWR, or REV once it has accepted them)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the CWR version here, not Django's: let ours replace the built-in option.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", dest="cwr_version", required=True, choices=VERSIONS)
        parser.add_argument("--recipient", required=True, help="society code of the recipient, e.g. 052")
        parser.add_argument("--since", type=date.fromisoformat, help="only works changed on or after YYYY-MM-DD")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, cwr_version: str, recipient: str, since: date | None, out: Path, **options):
        if not (recipient.isdigit() and len(recipient) <= 3):
            raise CommandError(f"--recipient {recipient!r}: a society code of up to 3 digits")
        cwr_file = export_cwr(version=cwr_version, recipient=recipient.zfill(3), since=since, out=out)
        self.stdout.write(f"cwr {cwr_file.pk}: {cwr_file.transactions} transactions written to {out}")
