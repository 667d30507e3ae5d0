from pathlib import Path

from django.core.management.base import BaseCommand

from works.recording_sheet import export_recordings


class Command(BaseCommand):
    help = "Export recordings with their performers and producers as CSV or Excel (the layout import_recordings reads)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, format: str, out: Path, **options):
        out.parent.mkdir(parents=True, exist_ok=True)
        rows = export_recordings(out, fmt=format)
        self.stdout.write(f"recordings exported: {rows} rows to {out}")
