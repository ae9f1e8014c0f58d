#!/usr/bin/env python3
"""How many stories of a corpus fold as copies, what finding them costs, and a sample to check.

    python bench/bench_duplicates.py [--jsonl PATH] [--runs 3] [--sample 10] [--seed 1]

Loads the corpus as a build does, then times the duplicate finder (index/duplicates.py) on
its own: CPU seconds of the fingerprints (hash and MinHash signature per article) and of the
earliest-first decision, median of several runs, and the peak memory the finder adds. Prints
how many articles fold, exact and near, and a random sample of folded pairs with their
dates, titles and the first words where their texts differ, to check by eye.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cli"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    tmp = os.environ.get("TMPDIR", "/tmp")
    parser.add_argument("--jsonl", default=os.path.join(tmp, "factlookup-bench", "reuters.jsonl"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from factlookup.index.corpus import discover, load
    from factlookup.index.duplicates import EXACT, DuplicateFinder, words

    files = discover([Path(args.jsonl)], print)
    articles = [a for f in files for a in load(f, print)]
    DuplicateFinder()  # the first import of numpy is not the finder's work

    add_times, decide_times = [], []
    copies: dict = {}
    for _ in range(args.runs):
        finder = DuplicateFinder()
        started = time.process_time()
        for position, article in enumerate(articles):
            finder.add(position, article)
        added = time.process_time()
        copies = finder.copies()
        add_times.append(added - started)
        decide_times.append(time.process_time() - added)

    tracemalloc.start()
    finder = DuplicateFinder()
    for position, article in enumerate(articles):
        finder.add(position, article)
    held = tracemalloc.get_traced_memory()[0]
    finder.copies()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    exact = sum(1 for c in copies.values() if c.match == EXACT)
    print(f"articles {len(articles)}, folding: {finder.folding}")
    print(f"copies {len(copies)} ({len(copies) / len(articles):.1%}): exact {exact}, near {len(copies) - exact}")
    print(f"CPU s, median of {args.runs}: fingerprints {statistics.median(add_times):.2f}, "
          f"decision {statistics.median(decide_times):.2f}")
    print(f"memory: {held / len(articles):.0f} bytes per article held before deciding, peak {peak / 2**20:.1f} MiB")

    by_id = {a.id: a for a in articles}
    rng = random.Random(args.seed)
    near = [c for c in copies.values() if c.match != EXACT]
    same = [c for c in copies.values() if c.match == EXACT]
    half = args.sample // 2
    sample = rng.sample(near, min(half, len(near))) + rng.sample(same, min(args.sample - half, len(same)))
    for c in sample:
        kept, copy = by_id[c.original], by_id[c.article]
        print(f"\n{c.match} {c.similarity:.3f}: {c.article} ({copy.date}) -> {c.original} ({kept.date})")
        print(f"  kept: {kept.title[:70]}")
        print(f"  copy: {copy.title[:70]}")
        print(f"  differs at: {_difference(words(kept.title + ' ' + kept.text), words(copy.title + ' ' + copy.text))}")
    return 0


def _difference(a: list[str], b: list[str]) -> str:
    """The first words where two texts part, a few words of each."""
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if i == len(a) == len(b):
        return "(same words)"
    return f"word {i}: {' '.join(a[i : i + 6])!r} / {' '.join(b[i : i + 6])!r}"


if __name__ == "__main__":
    sys.exit(main())
