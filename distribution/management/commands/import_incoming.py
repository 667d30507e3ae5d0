from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from distribution.management.commands.run_distribution import summary_lines
from distribution.payments import incoming
from wipoconnect.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import a distribution statement from a sister society (CSV with the CRD fallback columns), identify its "
        "works and distribute the amount, converted at --rate, to our members (a run of kind incoming)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--society", required=True, help="the sending society's code")
        parser.add_argument("--currency", required=True, help="the statement's currency (ISO 4217)")
        parser.add_argument("--rate", required=True, help="our currency per unit of the statement's, e.g. 1.0512")
        parser.add_argument("--threshold", default="0", help="minimum payment to a member, currency units")

    def handle(self, *args, file: Path, society: str, currency: str, rate: str, threshold: str, **options):
        try:
            data = file.read_bytes()
            statement, created = incoming.import_statement(
                data=data, filename=file.name, society=society, currency=currency, rate=rate, threshold=threshold
            )
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if not created:
            self.stdout.write(f"incoming {statement.pk}: already imported (run {statement.run_id})")
            return
        unidentified = statement.line_count - statement.identified_count
        self.stdout.write(
            f"incoming {statement.pk}: {statement.line_count} lines, {statement.identified_count} identified, "
            f"{unidentified} unidentified, {_plain(statement.amount)} {statement.currency} × "
            f"{_plain(statement.rate)} = "
            f"{statement.gross} minor units, run {statement.run_id}"
        )
        for line in summary_lines(statement.run):
            self.stdout.write(line)


def _plain(value) -> str:
    return format(value.normalize(), "f")
