from django.core.management.base import BaseCommand, CommandError

from distribution.usage.models import UsageReport
from distribution.usage.recordings import identify_recordings
from wipoconnect.core import jobs
from wipoconnect.core.models import Job

IDENTIFY_RECORDINGS_JOB = "identify_recordings"


class Command(BaseCommand):
    help = "Identify the recordings of a usage report (related rights): auto, review, unidentified, on a Job."

    def add_arguments(self, parser):
        parser.add_argument("report", type=int)

    def handle(self, *args, report: int, **options):
        found = UsageReport.objects.filter(pk=report).first()
        if found is None:
            raise CommandError(f"no usage report {report}")

        def work(job):
            return {"summary": identify_recordings(report=found, job=job).summary(report)}

        job = jobs.run(jobs.create_job(IDENTIFY_RECORDINGS_JOB).pk, work)
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"report {report}: identification of recordings failed: {job.error}")
        self.stdout.write(job.result["summary"])
