"""Usage identification benchmark: a generated repertoire and a noisy usage report, imported and identified with the
operator commands, then checked against the truth.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/identify_bench.py
    .venv/bin/python bench/identify_bench.py --works 10000 --lines 100000      # a quick run (SQLite by default)

The repertoire: --works works (1–5-word titles from a Zipf-weighted vocabulary, 1–3 writers among 40k parties,
60 % with an ISWC, 20 % with an alternate title, 70 % with 1–2 recordings carrying an ISRC and an artist).
The report: --lines lines, ~10 % of them of works that are not in the repertoire. Each work is reported under 1–4
spellings (as stations and services repeat their own spelling), lines drawn with Zipf popularity; each spelling
independently: ISRC given 40 %, ISWC 15 % (else missing), a typo in a word 25 %, words swapped 10 %, an extra
version tag 20 % ("(Live)", "- Remastered 2011", "[Radio Edit]", "feat. …"), alternate title 10 %, case changed
30 %; writers in another form (First Last / Last, First / F. Last), shuffled, sometimes only one, a typo in a
surname 8 %; artist given 60 %; 4 % of spellings carry no name at all.

It runs in a throw-away database (PostgreSQL: database `bench_identify` beside the one of DATABASE_URL; SQLite: a
temporary file), times `import_usage` and `identify` as subprocesses (their peak memory is measured), and prints
import lines/s, identification lines/s, end-to-end lines/s, peak memory, and precision and recall of auto matches.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TAGS = [" (Live)", " - Remastered 2011", " [Radio Edit]", " (Acoustic Version)", " feat. {artist}", " (Remix)"]
COUNTRIES = ["US", "GB", "FR", "DE", "ES", "IT", "NL", "SE", "BR", "JP"]
SYLLABLES = (
    "ka lo mi ra ne to su vi an el or in ber das mon tri ve la sha go pe ri chan do li mar to ne ka sel "
    "bri fan ho ju qui ste wen zo ty ar len pol dre mus"
).split()


class Names:
    """Deterministic pseudo-words: a vocabulary for titles, surnames, first names and bands."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = self._unique(3000, 2, 3)
        self.surnames = self._unique(8000, 2, 4)
        self.first_names = self._unique(500, 2, 3)
        self.word_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(self.words))))

    def _unique(self, count: int, low: int, high: int) -> list[str]:
        found: dict[str, None] = {}
        while len(found) < count:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))
            found[word.capitalize()] = None
        return list(found)

    def title(self) -> str:
        size = self.rng.choices([1, 2, 3, 4, 5], [15, 35, 30, 15, 5])[0]
        return " ".join(self.rng.choices(self.words, cum_weights=self.word_weights, k=size))


def valid_iswc(number: int) -> str:
    digits = f"{number:09d}"
    check = (10 - (1 + sum(i * int(d) for i, d in enumerate(digits, start=1))) % 10) % 10
    return f"T{digits}{check}"


def make_repertoire(rng: random.Random, names: Names, count: int, offset: int = 0) -> list[dict]:
    """Works as plain dicts: title, alternates, writers (first, last), iswc, recordings (isrc, artist)."""
    parties = [(rng.choice(names.first_names), rng.choice(names.surnames)) for _ in range(40_000)]
    weights = list(accumulate(1 / (i + 1) ** 0.5 for i in range(len(parties))))
    works = []
    for n in range(count):
        number = offset + n + 1
        writers = list(dict.fromkeys(rng.choices(parties, cum_weights=weights, k=rng.choice([1, 1, 2, 2, 3]))))
        band = f"{rng.choice(names.words)} {rng.choice(names.surnames)}" if rng.random() < 0.5 else None
        artist = band or " ".join(writers[0])
        recordings = [(isrc(number * 2 + i), artist) for i in range(rng.choice([1, 2]) if rng.random() < 0.7 else 0)]
        works.append(
            {
                "title": names.title(),
                "alternates": [names.title()] if rng.random() < 0.2 else [],
                "writers": writers,
                "iswc": valid_iswc(number) if rng.random() < 0.6 else "",
                "recordings": recordings,
                "artist": artist,
            }
        )
    return works


def isrc(sequence: int) -> str:
    """A valid, unique ISRC per sequence number (country, registrant, year and designation from its digits)."""
    return (
        f"{COUNTRIES[sequence % len(COUNTRIES)]}R{(sequence // 10**7) % 100:02d}"
        f"{(sequence // 10**5) % 100:02d}{sequence % 10**5:05d}"
    )


def typo(rng: random.Random, text: str) -> str:
    """One edit (swap, drop, double or replace a letter) inside a word of at least 4 letters."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at + 1 :]
    elif kind == 2:
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + rng.choice("aeiourstln") + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def render_name(rng: random.Random, first: str, last: str) -> str:
    if rng.random() < 0.08:
        last = typo(rng, last)
    return rng.choice([f"{first} {last}", f"{last}, {first}", f"{first[0]}. {last}", f"{last.upper()}, {first}"])


def spelling(rng: random.Random, work: dict) -> list[str]:
    """One way a licensee reports the work: title, artist, writers, isrc, iswc, duration."""
    title = rng.choice(work["alternates"]) if work["alternates"] and rng.random() < 0.1 else work["title"]
    if rng.random() < 0.25:
        title = typo(rng, title)
    if rng.random() < 0.1 and " " in title:
        words = title.split(" ")
        rng.shuffle(words)
        title = " ".join(words)
    if rng.random() < 0.2:
        title += rng.choice(TAGS).format(artist=work["artist"])
    if rng.random() < 0.3:
        title = rng.choice([title.upper(), title.lower()])
    writers = list(work["writers"])
    rng.shuffle(writers)
    if len(writers) > 1 and rng.random() < 0.3:
        writers = writers[:1]
    anonymous = rng.random() < 0.04
    writer_text = (
        ""
        if anonymous or rng.random() < 0.2
        else rng.choice(["; ", " / "]).join(render_name(rng, first, last) for first, last in writers)
    )
    artist = "" if anonymous or (writer_text and rng.random() < 0.4) else work["artist"]
    recordings = work["recordings"]
    isrc_text = rng.choice(recordings)[0] if recordings and rng.random() < 0.4 else ""
    iswc = work["iswc"]
    iswc_text = f"T-{iswc[1:4]}.{iswc[4:7]}.{iswc[7:10]}-{iswc[10]}" if iswc and rng.random() < 0.15 else ""
    duration = rng.choice([f"{rng.randint(120, 400)}", f"{rng.randint(2, 6)}:{rng.randint(0, 59):02d}"])
    return [title, artist, writer_text, isrc_text, iswc_text, duration]


def generate_report(rng: random.Random, inside: list[dict], outside: list[dict], lines: int, path: Path) -> list[int]:
    """Write the report CSV; return the truth per line (index into `inside`, or -1 for works not in it)."""
    works = inside + outside
    order = list(range(len(works)))
    rng.shuffle(order)
    popularity = [0.0] * len(works)
    for rank, index in enumerate(order):
        popularity[index] = 1 / (rank + 1) ** 0.6
    scale = sum(popularity[: len(inside)]) / 9 / (sum(popularity[len(inside) :]) or 1)  # ~10 % of lines outside
    rows, weights, truths = [], [], []
    for index, work in enumerate(works):
        count = rng.choice([1, 1, 2, 3, 4])
        weight = popularity[index] * (scale if index >= len(inside) else 1) / count
        for _ in range(count):
            rows.append(spelling(rng, work))
            weights.append(weight)
            truths.append(index if index < len(inside) else -1)
    chosen = rng.choices(range(len(rows)), cum_weights=list(accumulate(weights)), k=lines)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "artist", "writers", "isrc", "iswc", "duration", "plays"])
        writer.writerows(rows[c] + [str(1 + c % 5)] for c in chosen)
    return [truths[c] for c in chosen]


def bench_database() -> str:
    """A fresh throw-away database next to DATABASE_URL's; returns its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tempfile.mkdtemp(prefix='identify_bench_')}/bench.sqlite3"
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS bench_identify")
        cursor.execute("CREATE DATABASE bench_identify")
    connection.close()
    return urlunparse(parts._replace(path="/bench_identify"))


def load_repertoire(works: list[dict]) -> list[str]:
    """Insert the works (bulk, untimed set-up); return the work code per index."""
    from decimal import Decimal

    from rightowners.models import InterestedParty
    from wipoconnect.core.numbering import allocate_codes
    from works.models import AlternateTitle, Recording, Work, WorkShare

    people = list(dict.fromkeys(w for work in works for w in work["writers"]))
    codes = allocate_codes("P", len(people))
    parties = InterestedParty.objects.bulk_create(
        [InterestedParty(code=c, first_name=f, last_name=last) for c, (f, last) in zip(codes, people, strict=True)],
        batch_size=5000,
    )
    party_of = dict(zip(people, parties, strict=True))
    codes = allocate_codes("W", len(works))
    rows = Work.objects.bulk_create(
        [Work(code=c, title=w["title"], iswc=w["iswc"] or None) for c, w in zip(codes, works, strict=True)],
        batch_size=5000,
    )
    AlternateTitle.objects.bulk_create(
        [AlternateTitle(work=row, title=t) for row, w in zip(rows, works, strict=True) for t in w["alternates"]],
        batch_size=5000,
    )
    WorkShare.objects.bulk_create(
        [
            WorkShare(work=row, party=party_of[p], role="CA", pr_share=Decimal(100) / len(w["writers"]))
            for row, w in zip(rows, works, strict=True)
            for p in w["writers"]
        ],
        batch_size=5000,
    )
    Recording.objects.bulk_create(
        [
            Recording(work=row, isrc=i, title=w["title"], artist=a)
            for row, w in zip(rows, works, strict=True)
            for i, a in w["recordings"]
        ],
        batch_size=5000,
    )
    return codes


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_pss(pid: int) -> int:
    """Proportional set size (KiB) of a process and its descendants (forked workers share pages: PSS splits them)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_command(*args: str) -> tuple[float, float, str, float]:
    """Wall-clock seconds, CPU seconds (the command and its workers; not the database server's), first line of
    output, and the peak memory (MiB) of the command and its workers together, sampled every 0.2 s (Linux)."""
    started, cpu = time.perf_counter(), _cpu()
    command = [sys.executable, str(REPO / "manage.py"), *args, "--skip-checks"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=os.environ.copy()
    )
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_pss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    if process.returncode:
        sys.exit(f"{args[0]} failed:\n{stdout}\n{stderr}")
    return time.perf_counter() - started, _cpu() - cpu, stdout.splitlines()[0], peak[0] / 1024


def evaluate(report_id: int, truth: list[int], codes: list[str]) -> dict[str, float]:
    from distribution.usage.models import Match, UsageLine

    matches = {
        m_id: (status, code, {c["work"] for c in candidates}, work_id)
        for m_id, status, code, candidates, work_id in Match.objects.filter(report_id=report_id).values_list(
            "id", "status", "work__code", "candidates", "work_id"
        )
    }
    from works.models import Work

    id_of = dict(Work.objects.values_list("code", "id"))
    auto = auto_right = inside = found = outside_auto = 0
    for line, match_id in (
        UsageLine.objects.filter(report_id=report_id).values_list("line", "match_id").iterator(chunk_size=50_000)
    ):
        status, code, candidates, work_id = matches[match_id]
        expected = truth[line - 1]
        right = expected >= 0 and code == codes[expected]
        if status == "auto":
            auto += 1
            auto_right += right
            outside_auto += expected < 0
        if expected >= 0:
            inside += 1
            found += right if status == "auto" else (status == "review" and id_of[codes[expected]] in candidates)
    return {
        "auto": auto,
        "precision": auto_right / (auto or 1),
        "inside": inside,
        "coverage": found / (inside or 1),
        "auto_recall": auto_right / (inside or 1),
        "outside_auto": outside_auto,
        "keys": len(matches),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    names = Names(rng)
    inside = make_repertoire(rng, names, args.works)
    outside = make_repertoire(rng, names, max(1, args.works // 10), offset=args.works)
    workdir = Path(tempfile.mkdtemp(prefix="identify_bench_"))
    report = workdir / "usage.csv"
    truth = generate_report(rng, inside, outside, args.lines, report)

    os.environ["DATABASE_URL"] = bench_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, skip_checks=True)
    codes = load_repertoire(inside)
    load_before = os.getloadavg()[0]  # other work on the machine slows the figures down: say how busy it was

    import_seconds, import_cpu, summary, import_memory = run_command(
        "import_usage", str(report), "--source", "bench", "--period", "2026-01-01..2026-03-31", "--right", "PR"
    )
    report_id = summary.split()[1].rstrip(":")
    identify_seconds, identify_cpu, identified, identify_memory = run_command("identify", report_id)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = evaluate(int(report_id), truth, codes)
    total = import_seconds + identify_seconds
    load_after = os.getloadavg()[0]
    print(
        f"database: {os.environ['DATABASE_URL'].split(':')[0]}, {args.works} works, {args.lines} lines, "
        f"{figures['keys']} distinct usage keys; load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(
        f"import_usage: {summary}  {import_seconds:.1f} s  {args.lines / import_seconds:,.0f} lines/s "
        f"(command CPU {import_cpu:.1f} s)"
    )
    print(
        f"identify:     {identified}  {identify_seconds:.1f} s  {args.lines / identify_seconds:,.0f} lines/s "
        f"(command CPU {identify_cpu:.1f} s, workers included)"
    )
    print(f"end to end:   {total:.1f} s  {args.lines / total:,.0f} lines/s")
    print(
        f"peak memory: one process {peak:,.0f} MiB; a command with its workers (PSS) {import_memory:,.0f} MiB "
        f"(import_usage), {identify_memory:,.0f} MiB (identify)"
    )
    print(
        f"auto precision {100 * figures['precision']:.2f} % ({figures['auto']} auto lines, "
        f"{figures['outside_auto']} of them of works not in the repertoire)"
    )
    print(
        f"in-repertoire lines auto-identified right {100 * figures['auto_recall']:.2f} %; auto right or in review "
        f"with the right candidate {100 * figures['coverage']:.2f} % (of {figures['inside']})"
    )


if __name__ == "__main__":
    main()
