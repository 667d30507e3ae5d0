from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from distribution.payments import services as payments


class Command(BaseCommand):
    help = (
        "Pay approved runs' members and sister societies: a payment batch written as an ISO 20022 pain.001 file "
        "and a CSV into --out; or record what the bank reported (--mark paid|failed --transfers E2E,...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", help="approved run ids, comma-separated")
        parser.add_argument("--date", type=date.fromisoformat, help="execution date YYYY-MM-DD (default today)")
        parser.add_argument("--out", type=Path, default=Path("."), help="directory for the files (created)")
        parser.add_argument("--mark", choices=["paid", "failed"])
        parser.add_argument("--transfers", help="end-to-end ids, comma-separated (with --mark)")

    def handle(self, *args, **o):
        try:
            if o["mark"]:
                ids = [x.strip() for x in (o["transfers"] or "").split(",") if x.strip()]
                count = payments.record_status(end_to_end_ids=ids, status=o["mark"])
                self.stdout.write(f"{count} transfers marked {o['mark']}")
                return
            if not o["runs"]:
                raise CommandError("--runs is required (or --mark with --transfers)")
            run_ids = [int(x) for x in o["runs"].split(",") if x.strip()]
            batch = payments.create_batch(run_ids=run_ids, execution_date=o["date"])
            paths = payments.write_files(batch, o["out"]) if batch.document else []
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        count = batch.transfers.count()
        self.stdout.write(
            f"batch {batch.pk}: {count} transfers, {batch.total} {batch.currency} paid, {batch.withheld} withheld, "
            f"{len(batch.skipped)} payees skipped"
        )
        for path in paths:
            self.stdout.write(f"wrote {path}")
        for skipped in batch.skipped:
            self.stdout.write(
                f"skipped {skipped['payee_kind']} {skipped['payee']} {skipped['amount']}: {skipped['why']}"
            )
