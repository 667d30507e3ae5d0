"""Change feed and sync benchmark: prints entries/second for serving the feed, for a sync that finds everything
already here (the re-run case) and for a sync that creates everything (through the services, with audit).

Runs in a throwaway SQLite file unless DATABASE_URL is set (then it uses that database: give it a scratch one).
The repertoire is written in bulk, as the CWR import does, and fed through `record_changes`.

    .venv/bin/python bench/sync_bench.py [--works 2000]
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'sync_bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(works: int) -> None:
    from rightowners.models import InterestedParty
    from wipoconnect.core.changes import record_changes
    from wipoconnect.core.identifiers import ipi_name_check_digits, iswc_check_digit
    from wipoconnect.core.numbering import allocate_codes
    from works.models import Work, WorkShare

    n_parties = max(2, works // 4)
    parties = InterestedParty.objects.bulk_create(
        InterestedParty(
            code=code,
            last_name=f"Writer {i}",
            first_name="Bench",
            ipi_name=f"{700_000_000 + i:09d}" + ipi_name_check_digits(f"{700_000_000 + i:09d}"),
        )
        for i, code in enumerate(allocate_codes("P", n_parties))
    )
    nines = [f"{800_000_000 + i:09d}" for i in range(works)]
    rows = Work.objects.bulk_create(
        Work(code=code, title=f"Bench Song {i}", iswc=f"T{nines[i]}{iswc_check_digit(nines[i])}")
        for i, code in enumerate(allocate_codes("W", works))
    )
    WorkShare.objects.bulk_create(
        WorkShare(work=w, party=parties[(i + k) % n_parties], role="CA", pr_share=Decimal(50), mr_share=Decimal(50))
        for i, w in enumerate(rows)
        for k in (0, 1)
    )
    record_changes("party", parties)
    record_changes("work", rows)
    record_changes("shares", rows)


def serve_all() -> tuple[list[dict], float]:
    from exchange.changes import feed_page

    pages, cursor, start = [], "", time.perf_counter()
    while True:
        page = feed_page(cursor)
        pages.append(page)
        cursor = page["next"]
        if not page["more"]:
            return pages, time.perf_counter() - start


def strangers(pages: list[dict]) -> list[dict]:
    """The same pages as if from an instance whose objects we do not know: other codes, no ISWC, no IPI."""
    pages = copy.deepcopy(pages)
    for page in pages:
        for entry in page["results"]:
            data = entry["data"]
            parties = [data] if entry["kind"] == "party" else [s["party"] for s in data.get("shares", [])]
            for party in parties:
                party["code"], party["ipi_name"] = "X" + party["code"][1:], None
            data["code"], entry["code"] = "X" + data["code"][1:], "X" + entry["code"][1:]
            if entry["kind"] != "party":
                data["iswc"] = None
    return pages


def apply(url: str, pages: list[dict]) -> tuple[float, object]:
    from exchange.sync import sync_from

    served = iter(pages)
    start = time.perf_counter()
    report = sync_from(url, lambda _url: next(served))
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from exchange.models import SyncSource

        build(args.works)
        pages, served = serve_all()
        entries = sum(len(p["results"]) for p in pages)
        print(f"feed: {entries} entries in {len(pages)} pages served in {served:.2f} s ({entries / served:,.0f}/s)")
        for label in ("sync, all matched by ISWC/IPI (links written)", "sync again from the start (links known)"):
            SyncSource.objects.filter(url__startswith="https://same.example").update(cursor="")
            seconds, report = apply("https://same.example", pages)
            print(f"{label}: {seconds:.2f} s ({entries / seconds:,.0f} entries/s) - {report.summary('same')}")
        seconds, report = apply("https://other.example", strangers(pages))
        rate = f"{entries / seconds:,.0f} entries/s"
        print(f"sync, all new: {seconds:.2f} s ({rate}) - {report.summary('other')}")


if __name__ == "__main__":
    main()
