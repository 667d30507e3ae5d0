from pathlib import Path

from django.core.management.base import BaseCommand

from works.spreadsheet import export_works


class Command(BaseCommand):
    help = "Export all works with their shares as CSV or Excel (the layout import_works reads)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, format: str, out: Path, **options):
        out.parent.mkdir(parents=True, exist_ok=True)
        rows = export_works(out, fmt=format)
        self.stdout.write(f"works exported: {rows} rows to {out}")
