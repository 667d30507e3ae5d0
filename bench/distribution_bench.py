"""Distribution benchmark on PostgreSQL: generates a repertoire and usage straight into a fresh database
(INSERT … SELECT generate_series, nothing through Python), then calculates one run with one Celery worker and
with two, and prints the seconds of each and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/distribution_bench.py [--lines 10000000] [--works 100000] [--reuse]

The benchmark database is DATABASE_URL's name + "_distbench" (dropped and created unless --reuse).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000_000, help="usage lines (default 10M)")
    parser.add_argument("--works", type=int, default=100_000, help="works, 3 shares each (default 100k)")
    parser.add_argument("--parties", type=int, default=150_000)
    parser.add_argument("--reuse", action="store_true", help="keep the generated database of an earlier run")
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated ('' = only generate)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (postgres://user@host:port/name)")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
    bench_url = _bench_url(url)
    if not args.reuse:
        _recreate_database(bench_url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")
    import django

    django.setup()
    from bench import distribution_data

    distribution_data.migrate()
    if not args.reuse:
        started = time.perf_counter()
        distribution_data.generate(lines=args.lines, works=args.works, parties=args.parties)
        print(
            f"generated {args.lines:,} usage lines, {args.works:,} works, {3 * args.works:,} shares, "
            f"{args.parties:,} parties in {time.perf_counter() - started:.1f} s"
        )
    timings = {n: _time_run(int(n), bench_url) for n in args.workers.split(",") if n.strip()}
    for n, seconds in timings.items():
        print(f"calculated with {n} worker(s): {seconds:.1f} s")
    if "1" in timings and "2" in timings:
        print(f"two workers vs one: {timings['1'] / timings['2']:.2f}x faster")


def _bench_url(url: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=parsed.path.rstrip("/") + "_distbench"))


def _recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _time_run(workers: int, url: str) -> float:
    """Seconds from dispatching the run to its job's end, with `workers` Celery worker processes."""
    from bench import distribution_data
    from distribution.runs import services as runs
    from wipoconnect.core.models import Job

    distribution_data.reset_runs()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    processes = [_worker(queue, url, i) for i in range(workers)]
    try:
        time.sleep(8)  # let the workers connect
        run = distribution_data.new_run(f"bench {workers} worker(s)")
        started = time.perf_counter()
        job = runs.wait(runs.calculate(run, queue=queue), poll=0.2)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    if job.status != Job.Status.SUCCEEDED:
        sys.exit(f"run {run.pk} failed: {job.error}")
    run.refresh_from_db()
    s = run.summary
    print(
        f"run {run.pk}: G={s['G']} A={s['A']} S={s['S']} N={s['N']} lines={run.lines.count():,} "
        f"W={s['total_weight']:,} conservation {'ok' if s['balanced'] else 'FAILED'} "
        f"conflicts={len(s['conflicts'])}"
    )
    return seconds


def _worker(queue: str, url: str, index: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "wipoconnect",
        "worker",
        "-Q",
        queue,
        "--concurrency",
        "1",
        "-n",
        f"{queue}-{index}@%h",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=REPO, env={**os.environ, "DATABASE_URL": url})


if __name__ == "__main__":
    main()
