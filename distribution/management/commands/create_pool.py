from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from distribution.licensing import engine as licensing
from distribution.licensing import services as collection
from distribution.licensing.models import Licensee


class Command(BaseCommand):
    help = "Pool the money collected from one source (licensee kind) for a right type, territory and period."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=Licensee.Kind.values)
        parser.add_argument("--right", required=True)
        parser.add_argument("--period", required=True, help="YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD")
        parser.add_argument("--territory", help="CISAC TIS code (default SOCIETY_TERRITORY)")
        parser.add_argument("--currency", help="ISO 4217 code (default CURRENCY)")
        parser.add_argument("--name", default="")

    def handle(self, *args, **o):
        try:
            pool = collection.create_pool(
                source=o["source"],
                right_type=o["right"],
                territory=o["territory"] or settings.SOCIETY_TERRITORY,
                period=licensing.parse_period(o["period"]),
                currency=o["currency"] or settings.CURRENCY,
                name=o["name"],
            )
        except licensing.LicensingError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"pool {pool.pk}: collected={pool.collected} {pool.currency} from {pool.entries.count()} payments"
        )
