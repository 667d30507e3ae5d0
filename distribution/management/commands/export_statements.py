from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from distribution.runs import statements
from distribution.runs.crd_export import export_crd
from distribution.runs.models import DistributionRun


class Command(BaseCommand):
    help = "Write a run's payout_lines, summary and one statement per payee into DIR (CSV files or workbooks)."

    def add_arguments(self, parser):
        parser.add_argument("run", type=int)
        parser.add_argument("--format", default="csv", choices=[*statements.FORMATS, "crd"])
        parser.add_argument("--out", type=Path, required=True, help="directory, created if missing")

    def handle(self, *args, run: int, format: str, out: Path, **options):
        try:
            if format == "crd":  # one CRD file per sister society (distribution/runs/crd_export.py)
                paths = export_crd(DistributionRun.objects.get(pk=run), out)
                self.stdout.write(f"run {run}: {len(paths)} files, {len(paths)} CRD files written to {out}")
                return
            paths = statements.export(DistributionRun.objects.get(pk=run), format, out)
        except DistributionRun.DoesNotExist:
            raise CommandError(f"no distribution run {run}") from None
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        payees = sum(p.name.startswith("statement_") for p in paths)
        self.stdout.write(f"run {run}: {len(paths)} files, {payees} statements written to {out}")
