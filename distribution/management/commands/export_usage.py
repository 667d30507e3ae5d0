from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from distribution.usage.export import export_usage
from distribution.usage.models import UsageReport


class Command(BaseCommand):
    help = "Export a usage report with its identification: original columns, then line, status, work, candidate, "
    "method, score (CSV or XLSX by the file's suffix)."

    def add_arguments(self, parser):
        parser.add_argument("report", type=int)
        parser.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")

    def handle(self, *args, **options):
        out: Path = options["out"]
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(f"--out {out}: the file name must end in .csv or .xlsx")
        report = UsageReport.objects.filter(pk=options["report"]).first()
        if report is None:
            raise CommandError(f"no usage report {options['report']}")
        rows = export_usage(report=report, out=out)
        self.stdout.write(f"report {report.pk}: {rows} lines exported to {out}")
