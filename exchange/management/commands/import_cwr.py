from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.cwr_import import CwrFileError, import_cwr

SHOWN = 20  # rejected transactions listed after the summary


class Command(BaseCommand):
    help = "Import a CWR file (2.1-3.1): registrations, or an acknowledgement of ours; optionally write the ACK."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--ack-out", type=Path, help="directory to write the ACK file into (created if missing)")

    def handle(self, *args, file: Path, ack_out: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            summary = import_cwr(file, ack_dir=ack_out)
        except CwrFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary.first_line)
        if summary.ack_path:
            self.stdout.write(f"ACK written to {summary.ack_path}")
        for line in (summary.cwr_file.error.splitlines() + summary.notes)[:SHOWN]:
            self.stdout.write(f"  {line}")
