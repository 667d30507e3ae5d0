from django.core.management.base import BaseCommand, CommandError

from distribution.usage.models import UsageReport
from distribution.usage.tasks import IDENTIFY_JOB, run_identification
from wipoconnect.core import jobs
from wipoconnect.core.models import Job


class Command(BaseCommand):
    help = "Identify the works of a usage report (auto, review, unidentified), recording progress on a Job."

    def add_arguments(self, parser):
        parser.add_argument("report", type=int)

    def handle(self, *args, **options):
        report_id = options["report"]
        if not UsageReport.objects.filter(pk=report_id).exists():
            raise CommandError(f"no usage report {report_id}")
        job = run_identification(jobs.create_job(IDENTIFY_JOB).pk, report_id)
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"report {report_id}: identification failed: {job.error}")
        self.stdout.write(job.result["summary"])
