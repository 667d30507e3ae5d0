from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exchange.partners.keys import SCOPES, create_key


class Command(BaseCommand):
    help = "Create an API key for a partner society; the token is printed once and stored only as its SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("society", help="the partner's 3-digit CISAC society code")
        parser.add_argument("--name", default="", help="what the key is for")
        parser.add_argument(
            "--scopes", default=",".join(SCOPES.values), help=f"comma-separated, of: {', '.join(SCOPES.values)}"
        )

    def handle(self, *args, society: str, name: str, scopes: str, **options):
        try:
            new = create_key(name=name or f"society {society}", society_code=society, scopes=scopes.split(","))
        except ValidationError as exc:
            raise CommandError("; ".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
        self.stdout.write(f"key {new.key.pk} for society {society}: {', '.join(new.key.scopes)}")
        self.stdout.write(new.token)
