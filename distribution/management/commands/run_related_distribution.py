from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from distribution.management.commands.run_distribution import summary_lines
from distribution.runs import services as runs
from distribution.runs.models import DistributionRun
from distribution.runs.phases import RunError
from distribution.runs.tasks import start_related_run
from wipoconnect.core.jobs import error_message
from wipoconnect.core.models import Job


class Command(BaseCommand):
    help = (
        "Calculate a neighbouring-rights run: usage identified to recordings (identify_recordings), each recording's "
        "amount split between producers and performers (featured / non-featured by weights). It runs as a job on "
        "the Celery workers (in this process without a broker); the command waits for its end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--reports", required=True, help="usage report ids, comma-separated")
        parser.add_argument("--territory", help="CISAC TIS code (default SOCIETY_TERRITORY)")
        parser.add_argument("--gross", required=True, help="amount to distribute in currency units, e.g. 1000.00")
        parser.add_argument("--currency", help="ISO 4217 code (default CURRENCY)")
        parser.add_argument("--admin", default="0", help="administration deduction, percent")
        parser.add_argument("--social", default="0", help="social/cultural deduction, percent")
        parser.add_argument("--weighting", default="plays", choices=DistributionRun.Weighting.values)
        parser.add_argument("--threshold", default="0", help="minimum payment to a member, currency units")
        parser.add_argument("--producers", default="50", help="producers' percent of a recording (rest: performers)")
        parser.add_argument("--featured-weight", default="1", help="weight of the main and featured artists")
        parser.add_argument("--non-featured-weight", default="1", help="weight of the non-featured performers")
        parser.add_argument("--timeout", type=float, help="seconds to wait for the workers (default: no limit)")

    def handle(self, *args, **o):
        try:
            report_ids = [int(x) for x in o["reports"].split(",") if x.strip()]
        except ValueError:
            raise CommandError(f"--reports {o['reports']!r}: comma-separated report ids") from None
        parameters = {
            "name": o["name"],
            "report_ids": report_ids,
            "gross": o["gross"],
            "currency": o["currency"] or settings.CURRENCY,
            "admin": o["admin"],
            "social": o["social"],
            "territory": o["territory"],
            "weighting": o["weighting"],
            "threshold": o["threshold"],
            "producers": o["producers"],
            "featured_weight": o["featured_weight"],
            "non_featured_weight": o["non_featured_weight"],
        }
        try:
            job = runs.wait(start_related_run(parameters), timeout=o["timeout"])
        except RunError as exc:
            raise CommandError(str(exc)) from None
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(error_message(job))
        run = DistributionRun.objects.get(pk=job.result["run"])
        for line in summary_lines(run):
            self.stdout.write(line)
