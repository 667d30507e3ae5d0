from django.core.management.base import BaseCommand, CommandError

from distribution.runs import services as runs
from distribution.runs.models import DistributionRun


class Command(BaseCommand):
    help = "Approve a calculated distribution run; an approved run is immutable."

    def add_arguments(self, parser):
        parser.add_argument("run", type=int)

    def handle(self, *args, run: int, **options):
        try:
            approved = runs.approve(run)
        except DistributionRun.DoesNotExist:
            raise CommandError(f"no distribution run {run}") from None
        except runs.RunError as exc:
            raise CommandError(str(exc)) from None
        s = approved.summary
        self.stdout.write(f"run {approved.pk} approved: G={s['G']} A={s['A']} S={s['S']} N={s['N']}")
