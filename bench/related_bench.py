"""Neighbouring-rights split benchmark (pure engine, no database): a run over N recordings, each with a main
artist, sometimes a featured artist, up to four non-featured performers and one or two producers, then the
rounding and minimum payment. Prints the seconds and the conservation check.

    .venv/bin/python bench/related_bench.py [--recordings 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from distribution.runs.engine import Membership, Party, RunParams, WorkUsage  # noqa: E402
from distribution.runs.engine.related import (  # noqa: E402
    Contributor,
    ProducerShare,
    RelatedRunInput,
    RelatedSplit,
    calculate_related,
)
from wipoconnect.core.codes import RELATED_RIGHT  # noqa: E402


def build(recordings: int, parties: int, rng: random.Random) -> RelatedRunInput:
    people = [Party(p, f"P{p:08d}", f"{p:011d}" if p % 3 else None) for p in range(1, parties + 1)]
    societies = ["999", "999", "999", "052", "201"]
    memberships = [Membership(p.ref, rng.choice(societies), RELATED_RIGHT) for p in people if p.ref % 10]
    usage, contributors, producers = [], [], []
    for r in range(1, recordings + 1):
        usage.append(WorkUsage(r, f"QZDEM{r:07d}", rng.randint(1, 500)))
        cast = rng.sample(range(1, parties + 1), 7)
        contributors.append(Contributor(r, cast[0], "main"))
        if r % 4 == 0:
            contributors.append(Contributor(r, cast[1], "featured"))
        contributors += [Contributor(r, p, "non_featured") for p in cast[2 : 2 + rng.randint(0, 4)]]
        split = rng.choice([(10000,), (5000, 5000), (6667, 3333), (5000,)])
        producers += [ProducerShare(r, cast[5 + i], bp) for i, bp in enumerate(split)]
    params = RunParams(
        gross=1_000_000_00,
        admin=Decimal(15),
        social=Decimal(10),
        right=RELATED_RIGHT,
        territory="2136",
        society_code="999",
        on=date(2026, 3, 31),
        threshold=500,
    )
    return RelatedRunInput(
        params=params,
        split=RelatedSplit(Decimal(50), Decimal(65), Decimal(35)),
        recordings=tuple(usage),
        unidentified={"unknown": recordings // 10},
        contributors=tuple(contributors),
        producers=tuple(producers),
        parties={p.ref: p for p in people},
        memberships=tuple(memberships),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recordings", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=20_000)
    args = parser.parse_args()
    run = build(args.recordings, args.parties, random.Random(2026))
    started = time.perf_counter()
    result = calculate_related(run)
    seconds = time.perf_counter() - started
    s = result.summary
    check = "ok" if s.balanced else "FAILED"
    print(
        f"related split: {args.recordings} recordings, {len(run.contributors)} performers, "
        f"{len(run.producers)} producer shares -> {len(result.lines)} lines in {seconds:.2f} s "
        f"({args.recordings / seconds:,.0f} recordings/s); N={s.net}, conservation {check}"
    )


if __name__ == "__main__":
    main()
