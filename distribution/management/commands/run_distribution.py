from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from distribution.licensing import services as collection
from distribution.runs import services as runs
from distribution.runs.models import DistributionRun
from wipoconnect.core.codes import RIGHTS
from wipoconnect.core.errors import DomainError
from wipoconnect.core.models import Job


class Command(BaseCommand):
    help = "Create and calculate a distribution run (distribution-rules.md), or recalculate one with --run."

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="recalculate this draft or calculated run")
        parser.add_argument("--name")
        parser.add_argument("--reports", help="usage report ids, comma-separated")
        parser.add_argument("--right", choices=sorted(RIGHTS))
        parser.add_argument("--territory", help="CISAC TIS code (default SOCIETY_TERRITORY)")
        parser.add_argument("--gross", help="amount to distribute in currency units, e.g. 1000.00")
        parser.add_argument("--pool", type=int, help="take the gross from this collection pool instead of --gross")
        parser.add_argument("--currency", help="ISO 4217 code (default CURRENCY)")
        parser.add_argument("--admin", default="0", help="administration deduction, percent")
        parser.add_argument("--social", default="0", help="social/cultural deduction, percent")
        parser.add_argument("--weighting", default="plays", choices=DistributionRun.Weighting.values)
        parser.add_argument("--threshold", default="0", help="minimum payment to a member, currency units")
        parser.add_argument("--timeout", type=float, help="seconds to wait for the workers (default: no limit)")

    def handle(self, *args, **o):
        try:
            run = DistributionRun.objects.get(pk=o["run"]) if o["run"] else self._create(o)
            job = runs.wait(runs.calculate(run), timeout=o["timeout"])
        except DistributionRun.DoesNotExist:
            raise CommandError(f"no distribution run {o['run']}") from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"run {run.pk}: calculation failed: {job.error}")
        run.refresh_from_db()
        for line in summary_lines(run):
            self.stdout.write(line)

    def _create(self, o) -> DistributionRun:
        from django.conf import settings

        missing = [f"--{name}" for name in ("name", "reports", "right") if not o[name]]
        missing += [] if bool(o["gross"]) != bool(o["pool"]) else ["exactly one of --gross or --pool"]
        if missing:
            raise CommandError(f"{', '.join(missing)} required (or --run ID to recalculate)")
        try:
            report_ids = [int(x) for x in o["reports"].split(",") if x.strip()]
        except ValueError:
            raise CommandError(f"--reports {o['reports']!r}: comma-separated report ids") from None
        try:
            pool = collection.get_pool(o["pool"]) if o["pool"] else None
            with transaction.atomic():  # a run whose pool cannot pay is not created
                run = runs.create_run(
                    name=o["name"],
                    report_ids=report_ids,
                    right=o["right"],
                    territory=o["territory"] or (pool.territory if pool else settings.SOCIETY_TERRITORY),
                    gross=o["gross"] or "0",
                    currency=o["currency"] or (pool.currency if pool else settings.CURRENCY),
                    admin=o["admin"],
                    social=o["social"],
                    weighting=o["weighting"],
                    threshold=o["threshold"],
                )
                if pool:
                    collection.draw_from_pool(run, pool)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        run.refresh_from_db()
        return run


def summary_lines(run: DistributionRun) -> list[str]:
    s = run.summary
    lines = [f"run {run.pk} calculated: G={s['G']} A={s['A']} S={s['S']} N={s['N']}"]
    lines.append("totals: " + " ".join(f"{kind}={amount}" for kind, amount in s["totals"].items()))
    lines.append("suspense: " + " ".join(f"{account}={amount}" for account, amount in s["suspense"].items()))
    lines.append(f"conservation: A+S+lines={s['conserved']} {'= G, ok' if s['balanced'] else '!= G, FAILED'}")
    for work, why in list(s["conflicts"].items())[:20]:
        lines.append(f"conflict: work {work}: {why}")
    return lines
