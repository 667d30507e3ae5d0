from django.core.management.base import BaseCommand, CommandError

from distribution.management.commands.run_distribution import summary_lines
from distribution.runs import claims
from distribution.runs.models import DistributionRun
from wipoconnect.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Pay the accepted claims on an approved run out of its suspense with an adjustment run, or (--release) "
        "release what is left of its suspense after the claims period, pro rata to the run's identified works."
    )

    def add_arguments(self, parser):
        parser.add_argument("run", type=int, help="the approved run whose suspense pays")
        parser.add_argument("--release", action="store_true", help="release the suspense left after the claims period")

    def handle(self, *args, run: int, release: bool, **options):
        try:
            action = claims.release_suspense if release else claims.run_adjustment
            adjustment = action(run_id=run)
        except DistributionRun.DoesNotExist:
            raise CommandError(f"no distribution run {run}") from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for line in summary_lines(adjustment):
            self.stdout.write(line)
        original = DistributionRun.objects.get(pk=run)
        left = " ".join(f"{account}={amount}" for account, amount in claims.balance(original).items())
        drawn = sum(d.amount for d in adjustment.draws.all())
        self.stdout.write(f"{adjustment.origin.kind} of run {run}: drew {drawn} from its suspense; left: {left}")
