from urllib.error import URLError

from django.core.management.base import BaseCommand, CommandError

from exchange.sync import http_fetch, sync_from


class Command(BaseCommand):
    help = "Pull another instance's change feed (works, parties, shares) into this one; resumes where it stopped."

    def add_arguments(self, parser):
        parser.add_argument("url", help="the other instance's base URL, e.g. https://cmo.example")
        parser.add_argument("--token", required=True, help="a key of that instance with read_works, read_parties")
        parser.add_argument("--max-pages", type=int, default=None, help="stop after this many feed pages")

    def handle(self, *args, url: str, token: str, max_pages: int | None, **options):
        try:
            report = sync_from(url, http_fetch(token), max_pages=max_pages)
        except URLError as exc:  # HTTPError included: 401 for a revoked key, 403 for a missing scope
            raise CommandError(f"{url}: {getattr(exc, 'code', '')} {getattr(exc, 'reason', exc)}".strip()) from None
        self.stdout.write(report.summary(url))
        self.stdout.write(f"cursor {report.cursor}, {report.pages} pages")
        for error in report.errors:
            self.stdout.write(f"  {error}")
