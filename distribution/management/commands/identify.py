from django.core.management.base import BaseCommand, CommandError

from distribution.usage.identification import WORKS
from distribution.usage.models import UsageReport
from distribution.usage.tasks import run_identification
from wipoconnect.core import jobs
from wipoconnect.core.models import Job


class Command(BaseCommand):
    help = "Identify the works of a usage report (auto, review, unidentified), recording progress on a Job."
    target = WORKS
    failure = "identification failed"

    def add_arguments(self, parser):
        parser.add_argument("report", type=int)

    def handle(self, *args, **options):
        report_id = options["report"]
        if not UsageReport.objects.filter(pk=report_id).exists():
            raise CommandError(f"no usage report {report_id}")
        job = run_identification(jobs.create_job(self.target.job_kind).pk, report_id, self.target)
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"report {report_id}: {self.failure}: {job.error}")
        self.stdout.write(job.result["summary"])
