"""Corpus-wide linking time as the corpus grows: a near-linear step grows about 10x per 10x.

    python bench/bench_linking.py [--runs 5]

Synthetic entities (a full name, its surname alone, an organisation) at 6,000 and 60,000,
CPU seconds of `link_entities`, median of the runs, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from factlookup.extract.entities.linking import link_entities  # noqa: E402
from factlookup.models import Entity, Mention  # noqa: E402


def synthetic(count: int) -> list[Entity]:
    entities = []
    distinct = max(1, count // 10)
    for i in range(count):
        k = i % distinct
        name, type_ = [(f"Person{k} Surname{k}", "person"), (f"Surname{k}", "person"), (f"Org{k} Security Council", "organization")][i % 3]
        entities.append(Entity(name, type_, [], [], [Mention(name, type_, 0, len(name), 0)], f"a{i}"))
    return entities


def cpu_seconds(count: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        entities = synthetic(count)
        start = time.process_time()
        link_entities(entities)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    small, large = cpu_seconds(6_000, args.runs), cpu_seconds(60_000, args.runs)
    print(f"{'entities':>10}  {'CPU s (median)':>14}")
    print(f"{6_000:>10,}  {small:>14.3f}")
    print(f"{60_000:>10,}  {large:>14.3f}")
    print(f"10x the entities: {large / small:.1f}x the time (linear 10x, quadratic 100x)")


if __name__ == "__main__":
    main()
