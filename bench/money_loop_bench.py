"""Money loop benchmark (pure code, no database): prints figures, asserts nothing but conservation.

- a pooled run (adjustment / release / incoming statement) of N pools over 3-share pictures through the engine;
- unidentified draws by cumulative floors for K usage keys;
- a pain.001.001.09 document of T transfers, and its validation against the schema shipped by sepaxml.

    .venv/bin/python bench/money_loop_bench.py [--pools 50000] [--keys 200000] [--transfers 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from distribution.payments import pain001
from distribution.runs import engine
from distribution.runs.engine import pooled  # noqa: E402


def pooled_run(n: int) -> None:
    rng = random.Random(11)
    parties = {p: engine.Party(p, f"P{p:08d}", f"{p:011d}") for p in range(3 * n)}
    memberships = tuple(engine.Membership(p, "999" if p % 4 else "052", "PR") for p in range(3 * n))
    shares = {w: [engine.Share(w, 3 * w + i, "CA", bp) for i, bp in enumerate((3333, 3333, 3333))] for w in range(n)}
    pools = tuple(pooled.Pool(w, f"W{w:08d}", rng.randint(1, 10**6), w) for w in range(n))
    gross = sum(p.weight for p in pools)
    params = engine.RunParams(gross, Decimal(0), Decimal(0), "PR", "2136", "999", date(2025, 6, 30), threshold=500)
    run = pooled.PoolInput(params, pools, {}, shares, parties, memberships)
    start = time.perf_counter()
    result = pooled.calculate(run)
    elapsed = time.perf_counter() - start
    assert result.summary.balanced
    print(f"pooled run: {n} pools, {len(result.lines)} lines in {elapsed:.2f} s ({n / elapsed:,.0f} pools/s)")


def draws(k: int) -> None:
    rng = random.Random(12)
    weights = [rng.randint(1, 500) for _ in range(k)]
    account, total, drawn, paid = sum(weights), 123_456_789, 0, 0
    start = time.perf_counter()
    for weight in weights:
        paid += pooled.telescoped(total, drawn, weight, account)
        drawn += weight
    elapsed = time.perf_counter() - start
    assert paid == total
    print(f"unidentified draws: {k} keys in {elapsed:.3f} s ({k / elapsed:,.0f} keys/s), all together = account")


def pain(t: int) -> None:
    import sepaxml
    import xmlschema

    debtor = pain001.Account("Demo CMO", "DE89370400440532013000", "COBADEFFXXX")
    creditor = pain001.Account("Member", "FR1420041010050500013M02606")
    transfers = [pain001.Transfer(f"E2E-{i:08d}", 1000 + i, "EUR", creditor, f"Royalties {i}") for i in range(t)]
    start = time.perf_counter()
    xml = pain001.document(pain001.Message("BENCH-1", datetime(2026, 1, 1), date(2026, 1, 2), debtor, transfers))
    written = time.perf_counter() - start
    schema = xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd"))
    start = time.perf_counter()
    schema.validate(xml.decode())
    checked = time.perf_counter() - start
    print(
        f"pain.001: {t} transfers, {len(xml) / 1e6:.1f} MB written in {written:.2f} s ({t / written:,.0f}/s), "
        f"schema-validated in {checked:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pools", type=int, default=50_000)
    parser.add_argument("--keys", type=int, default=200_000)
    parser.add_argument("--transfers", type=int, default=10_000)
    args = parser.parse_args()
    pooled_run(args.pools)
    draws(args.keys)
    pain(args.transfers)


if __name__ == "__main__":
    main()
