"""The end of the demo: an approved distribution run with its statements written as files (CSV and Excel).

Runs after the other demo loaders: it approves nothing they left calculated on purpose; when no run is approved
yet it calculates and approves one over the demo usage report. Idempotent.
"""

from pathlib import Path

from django.conf import settings

from distribution.runs import services as runs
from distribution.runs import statements
from distribution.runs.models import DistributionRun
from distribution.usage.models import UsageReport

RUN_NAME = "Demo distribution (approved, with statements)"


def load() -> str:
    approved = DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED, reports__isnull=False)
    run = approved.filter(summary__balanced=True).order_by("id").first()
    if run is None:
        run = _approved_run()
        if run is None:
            return "demo distribution: no identified usage report to distribute"
    written = []
    for fmt in statements.FORMATS:
        folder = Path(settings.MEDIA_ROOT) / "statements" / f"run_{run.pk}" / fmt
        if not (folder / f"payout_lines.{fmt}").exists():
            written += statements.export(run, fmt, folder)
    s = run.summary
    files = f"{len(written)} files written" if written else "already written"
    folder = Path(settings.MEDIA_ROOT) / "statements" / f"run_{run.pk}"
    return (
        f"demo distribution: run {run.pk} approved: G={s['G']} A={s['A']} S={s['S']} N={s['N']} "
        f"conservation {'ok' if s['balanced'] else 'FAILED'}; statements ({files}) in {folder} "
        f"and at /api/v1/distribution-runs/{run.pk}/statements/"
    )


def _approved_run() -> DistributionRun | None:
    report = UsageReport.objects.filter(right_type="PR", status=UsageReport.Status.IDENTIFIED).order_by("id").first()
    if report is None:
        return None
    run = runs.create_run(
        name=RUN_NAME,
        report_ids=[report.pk],
        right="PR",
        territory=settings.SOCIETY_TERRITORY,
        gross="10000.00",
        currency=settings.CURRENCY,
        admin="15",
        social="10",
        weighting="plays",
        threshold="5.00",
    )
    runs.wait(runs.calculate(run), timeout=600)
    return runs.approve(run.pk)
