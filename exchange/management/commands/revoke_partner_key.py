from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exchange.partners.keys import revoke_key


class Command(BaseCommand):
    help = "Revoke a partner API key (by id or by its visible prefix): its requests get 401 from now on."

    def add_arguments(self, parser):
        parser.add_argument("key", help="the key's id or prefix")

    def handle(self, *args, key: str, **options):
        try:
            revoked = revoke_key(prefix_or_id=key)
        except ValidationError as exc:
            raise CommandError("; ".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
        self.stdout.write(f"key {revoked.pk} ({revoked.prefix}…) revoked at {revoked.revoked_at:%Y-%m-%d %H:%M:%S}")
