from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from distribution.usage.importing import UsageImportError, import_usage, parse_period
from distribution.usage.matching.readers import FORMATS
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.territories import normalize_tis


class Command(BaseCommand):
    help = "Import a usage report (CSV, XLSX or DDEX DSR); bad rows are listed with line and field."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="who reported the usage (licensee)")
        parser.add_argument("--period", required=True, help="YYYY-MM-DD..YYYY-MM-DD")
        parser.add_argument("--right", required=True, choices=RIGHTS)
        parser.add_argument("--territory", default=None, help="CISAC TIS code (default SOCIETY_TERRITORY)")
        parser.add_argument("--format", choices=FORMATS, default=None, help="default: from the file")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            territory = normalize_tis(options["territory"] or settings.SOCIETY_TERRITORY)
        except ValueError as exc:
            raise CommandError(f"--territory: {exc}") from None
        try:
            result = import_usage(
                path=path,
                source=options["source"],
                period=parse_period(options["period"]),
                right_type=options["right"],
                territory=territory,
                fmt=options["format"],
            )
        except UsageImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.summary())
        for error in result.errors:
            self.stdout.write(f"{path.name}:{error.line} field '{error.field}': {error.message}")
        if result.rejected > len(result.errors):
            self.stdout.write(f"… {result.rejected - len(result.errors)} more rejected rows (see export_usage)")
