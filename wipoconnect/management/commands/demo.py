from django.core.management.base import BaseCommand

from distribution.runs import demo as distribution_demo
from distribution.runs import related_demo
from distribution.usage import demo as demo_usage
from wipoconnect import demo


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and the staff accounts admin, documentation, manager, auditor."

    def handle(self, *args, **options):
        self.stdout.write(demo.load())
        self.stdout.write(demo_usage.load())
        self.stdout.write(related_demo.load())
        self.stdout.write(distribution_demo.load())
        self.stdout.write(f"log in at /admin/ or / as admin / {demo.DEMO_PASSWORD}")
