"""CWR benchmark: generates a large valid file (default 1,000,000 lines) in a temporary directory and prints
lines/second for parsing alone (reader: records, field checks, transactions, trailers), for parsing plus
transaction validation, the peak memory of the process, and - when DATABASE_URL names a PostgreSQL database -
transactions/second for import_cwr into a throwaway database created beside it (and dropped afterwards).

    .venv/bin/python bench/cwr_bench.py [--lines 1000000] [--version 2.1|2.2] [--import-lines N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/cwr_bench.py
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exchange.cwr.naming import cwr_filename  # noqa: E402
from exchange.cwr.reader import CwrReader  # noqa: E402
from exchange.cwr.validation import validate_transaction  # noqa: E402
from exchange.cwr.writer import CwrWriter  # noqa: E402
from wipoconnect.core.identifiers import iswc_check_digit  # noqa: E402

WORK_2X = [
    (
        "NWR",
        {
            "work_title": "BENCHMARK WORK",
            "submitter_work_number": "B",
            "iswc": "T0000000001",
            "musical_work_distribution_category": "POP",
            "duration": 215,
            "recorded_indicator": "Y",
            "version_type": "ORI",
            "language_code": "EN",
        },
    ),
    (
        "SPU",
        {
            "publisher_sequence_number": 1,
            "interested_party_number": "P000001",
            "publisher_name": "BENCH PUB",
            "publisher_type": "E",
            "publisher_ipi_name_number": "00014107338",
            "pr_affiliation_society_number": "052",
            "pr_ownership_share": 5000,
            "mr_society": "044",
            "mr_ownership_share": 10000,
            "sr_society": "044",
            "sr_ownership_share": 10000,
        },
    ),
    (
        "SPT",
        {
            "interested_party_number": "P000001",
            "pr_collection_share": 5000,
            "mr_collection_share": 10000,
            "sr_collection_share": 10000,
            "inclusion_exclusion_indicator": "I",
            "tis_numeric_code": "2136",
            "sequence_number": 1,
        },
    ),
    (
        "SWR",
        {
            "interested_party_number": "W000001",
            "writer_last_name": "NOVAK",
            "writer_first_name": "ANA",
            "writer_designation_code": "CA",
            "writer_ipi_name_number": "00000000199",
            "pr_affiliation_society_number": "052",
            "pr_ownership_share": 2500,
        },
    ),
    (
        "SWT",
        {
            "interested_party_number": "W000001",
            "pr_collection_share": 2500,
            "inclusion_exclusion_indicator": "I",
            "tis_numeric_code": "2136",
            "sequence_number": 1,
        },
    ),
    (
        "PWR",
        {
            "publisher_ip_number": "P000001",
            "publisher_name": "BENCH PUB",
            "writer_ip_number": "W000001",
            "publisher_sequence_number": 1,
        },
    ),
    (
        "OWR",
        {
            "writer_last_name": "HORVAT",
            "writer_first_name": "IVAN",
            "writer_designation_code": "C",
            "writer_ipi_name_number": "00039521091",
            "pr_affiliation_society_number": "058",
            "pr_ownership_share": 2500,
        },
    ),
    ("ALT", {"alternate_title": "BENCHMARK ALTERNATE", "title_type": "AT"}),
    ("PER", {"performing_artist_last_name": "THE BENCHERS"}),
    ("REC", {"isrc": "GBABC2400001", "first_release_duration": 215}),  # ISRC made unique per work below
]


def write_file(path: Path, lines: int, version: str) -> int:
    """A valid file of about `lines` lines; works differ by title, submitter number and ISWC."""
    per_work = len(WORK_2X)
    works = max(1, (lines - 4) // per_work)
    with open(path, "w", encoding="ascii", newline="") as out:
        writer = CwrWriter(out, version)
        writer.header(sender_type="PB", sender_id="000000199", sender_name="BENCH PUB", creation=datetime.now())
        writer.group("NWR")
        for i in range(works):
            writer.transaction(_work(i))
        writer.close()
    return writer.record_count


def _work(i: int) -> list[tuple[str, dict]]:
    digits = f"{i % 10**9:09d}"
    header = WORK_2X[0][1] | {
        "work_title": f"BENCHMARK WORK {i}",
        "submitter_work_number": f"B{i:08d}",
        "iswc": f"T{digits}{iswc_check_digit(digits)}",
    }
    recording = ("REC", WORK_2X[-1][1] | {"isrc": f"GBABC{i // 100000 % 100:02d}{i % 100000:05d}"})
    return [("NWR", header)] + WORK_2X[1:-1] + [recording]


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bench_parse(path: Path, validate: bool) -> tuple[int, float, float]:
    """(lines, wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    reader = CwrReader(path)
    for tx in reader.transactions():
        if validate:
            validate_transaction(tx, reader.version)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    assert not reader.messages, reader.messages[:3]
    return reader.record_count, elapsed, cpu


@contextmanager
def throwaway_database(url: str):
    """A fresh PostgreSQL database beside the one `url` names, migrated; dropped on exit."""
    import psycopg2

    parsed = urlparse(url)
    name = f"cwr_bench_{os.getpid()}"
    admin = psycopg2.connect(urlunparse(parsed))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{name}"))
    try:
        import django
        from django.core.management import call_command

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")
        django.setup()
        call_command("migrate", verbosity=0)
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


def backend_cpu_seconds() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_import(path: Path) -> None:
    from exchange.cwr_import import import_cwr

    start, db_cpu = time.perf_counter(), backend_cpu_seconds()
    cpu, child_cpu = cpu_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN)
    summary = import_cwr(path)
    seconds, db_cpu = time.perf_counter() - start, backend_cpu_seconds() - db_cpu
    cpu, child_cpu = cpu_seconds() - cpu, cpu_seconds(resource.RUSAGE_CHILDREN) - child_cpu
    n = summary.transactions
    print(
        f"import into PostgreSQL: {n / seconds:,.0f} transactions/s wall ({summary.first_line}; {seconds:.1f} s, "
        f"structure pass and ACK included; load average {os.getloadavg()[0]:.1f})"
    )
    total = cpu + child_cpu + db_cpu
    print(
        f"  CPU seconds: importer {cpu:.1f} s, its reading process {child_cpu:.1f} s, PostgreSQL backend "
        f"{db_cpu:.1f} s: {total * 1e6 / n:,.0f} µs of CPU per transaction, so at most {2 * n / total:,.0f} tx/s "
        "on 2 otherwise idle cores"
    )
    start = time.perf_counter()
    again = import_cwr(path)
    print(f"same file again: {again.first_line} in {time.perf_counter() - start:.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--version", default="2.1", choices=["2.1", "2.2"])
    parser.add_argument("--import-lines", type=int, default=None, help="size of the file imported (default --lines)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / cwr_filename(args.version, 2025, 1, "BEN", "052")
        t0 = time.perf_counter()
        written = write_file(path, args.lines, args.version)
        print(
            f"generated {path.name}: {written:,} lines, {path.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        print(f"load average now: {os.getloadavg()[0]:.1f} (the machine is shared: compare CPU-second rates)")
        lines, seconds, cpu = bench_parse(path, validate=False)
        print(
            f"parse (records, field checks, transactions, trailers): {lines / seconds:,.0f} lines/s wall, "
            f"{lines / cpu:,.0f} lines per CPU-second ({lines:,} lines in {seconds:.2f} s)"
        )
        lines, seconds, cpu = bench_parse(path, validate=True)
        print(f"parse + transaction validation: {lines / seconds:,.0f} lines/s wall, {lines / cpu:,.0f} per CPU-second")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB (the file is never held in memory)")
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            print("import: skipped (set DATABASE_URL=postgres://... to measure it)")
            return
        if args.import_lines and args.import_lines != args.lines:
            path = path.with_name(cwr_filename(args.version, 2025, 2, "BEN", "052"))
            write_file(path, args.import_lines, args.version)
        with throwaway_database(url):
            bench_import(path)


if __name__ == "__main__":
    main()
