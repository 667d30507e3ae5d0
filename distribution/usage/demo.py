"""The demo usage report: a radio station's quarter, built from the demo repertoire, imported and identified.

Lines are spelled the way licensees spell them: some exactly, some with typos, tags or names in other forms
(identified automatically), some with a title only (review queue), some of works we do not document
(unidentified), and one malformed row (kept aside with its line and field). Idempotent: the file is the same
for the same repertoire, and the same file is never imported twice.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from django.conf import settings

from distribution.usage.identification import identify_report
from distribution.usage.importing import import_usage
from distribution.usage.models import UsageReport
from wipoconnect.core.tabular import write_rows
from works.models import Work

SOURCE = "Radio Demo FM"
PERIOD = (date(2026, 1, 1), date(2026, 3, 31))
UNKNOWN = [("Ghost Track", "Nobody Known"), ("Lost In The Static", "A. Stranger"), ("Untitled Jam", "Band X")]


def _writers(work: Work) -> list[tuple[str, str]]:
    return [(s.party.first_name, s.party.last_name) for s in work.shares.all() if s.role in ("C", "A", "CA")]


def _lines(works: list[Work], rng: random.Random) -> list[list[str]]:
    rows = []
    for number, work in enumerate(works):
        names = _writers(work)
        plays = str(rng.randint(1, 12))
        if number % 5 == 4 or not names:  # title only: cannot be confirmed automatically
            rows.append([work.title.upper(), "", "", "", "", "3:20", plays])
        elif number % 5 == 3:  # a typo, a tag and "Last, First"
            title = work.title[:-2] + work.title[-1] + work.title[-2] if len(work.title) > 4 else work.title
            writers = "; ".join(f"{last}, {first}" for first, last in names)
            rows.append([f"{title} (Live)", "", writers, "", "", "215", plays])
        else:
            writers = " / ".join(f"{first[:1]}. {last}" for first, last in names)
            rows.append([work.title, "", writers, "", work.iswc or "", "200", plays])
    rows += [[title, "", writer, "", "", "180", "1"] for title, writer in UNKNOWN]
    rows.append(["Broken Row", "", "Someone", "", "T-000.000.001-9", "abc", "1"])
    return rows


def load() -> str:
    works = list(Work.objects.prefetch_related("shares__party").order_by("code")[:25])
    if not works:
        return "demo usage: no works to report"
    folder = Path(settings.MEDIA_ROOT) / "usage" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "radio_demo_fm_2026q1.csv"
    write_rows(
        path, ["title", "artist", "writers", "isrc", "iswc", "duration", "plays"], _lines(works, random.Random(2026))
    )
    result = import_usage(
        path=path, source=SOURCE, period=PERIOD, right_type="PR", territory=settings.SOCIETY_TERRITORY
    )
    report = result.report
    if report.status == UsageReport.Status.IMPORTED:
        counts = identify_report(report=report)
        return f"demo usage: {result.summary()}; {counts.summary(report.pk).split(': ', 1)[1]}"
    return f"demo usage: {result.summary()}"
