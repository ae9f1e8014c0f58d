#!/usr/bin/env python3
"""Throughput of the time expression tagger on one core, in sentences per second.

    python bench/bench_timex.py [--dir TEMPEVAL_DIR] [--runs 5] [--cli OTHER_CHECKOUT/cli]
    python bench/bench_timex.py --against OTHER_CHECKOUT/cli [--rounds 4]

Reads every TimeML file in the folder, splits the plain text of each into sentences and tags
each document whole (sentences given, as the indexer does). Prints the first-call compile
time and the median of several runs, by the wall clock and by the process's CPU time (the
CPU figure moves less when other programs share the machine). --cli benchmarks the package
in another checkout (a worktree of an older commit, say), to compare before and after.
--against measures this checkout and another side by side: rounds alternate between the two
(each in its own process), so that a load on the machine falls on both alike, and the
medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cli"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=os.path.join(ROOT, "..", "shared", "data", "tempeval3", "train"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli", default=os.path.join(ROOT, "cli"), help="the cli folder to import factlookup from")
    parser.add_argument("--against", help="another checkout's cli folder to measure side by side with --cli")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds with --against")
    args = parser.parse_args()
    if args.against:
        return side_by_side(args)
    sys.path.insert(0, os.path.abspath(args.cli))

    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass

    from factlookup.extract.text import split_sentences
    from factlookup.extract.timex import tag
    from factlookup.extract.timex.evaluate import parse_tml

    docs = [parse_tml(p.read_text(encoding="utf-8")) for p in sorted(Path(args.dir).rglob("*.tml"))]
    if not docs:
        print(f"no .tml files under {args.dir}", file=sys.stderr)
        return 2
    prepared = [(d.text, d.dct, split_sentences(d.text)) for d in docs]
    n_sentences = sum(len(s) for _, _, s in prepared)

    t0 = time.perf_counter()
    tag("Compile on January 6.", "2022-01-19")
    print(f"first call (compiles the rules): {1000 * (time.perf_counter() - t0):.1f} ms")

    rates = []
    cpu_rates = []
    found = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        found = 0
        for text, dct, sentences in prepared:
            found += len(tag(text, dct, sentences))
        rates.append(n_sentences / (time.perf_counter() - t0))
        cpu_rates.append(n_sentences / max(time.process_time() - c0, 1e-9))
    print(f"{len(docs)} documents, {n_sentences} sentences, {found} time expressions")
    print(f"CPU sentences/s: median {statistics.median(cpu_rates):,.0f} over {args.runs} runs "
          f"(min {min(cpu_rates):,.0f}, max {max(cpu_rates):,.0f})")
    print(f"sentences/s: median {statistics.median(rates):,.0f} over {args.runs} runs "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f})")
    return 0


def side_by_side(args: argparse.Namespace) -> int:
    import re
    import subprocess

    checkouts = (os.path.abspath(args.cli), os.path.abspath(args.against))
    rates: dict[str, list[float]] = {c: [] for c in checkouts}
    for _ in range(args.rounds):
        for cli in checkouts:
            done = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--dir", args.dir, "--runs", str(args.runs), "--cli", cli],
                capture_output=True, text=True,
            )
            found = re.search(r"CPU sentences/s: median ([\d,]+)", done.stdout)
            if done.returncode or not found:
                print(done.stderr or done.stdout, file=sys.stderr)
                return 2
            rates[cli].append(float(found.group(1).replace(",", "")))
    for cli in checkouts:
        print(f"{cli}: CPU sentences/s median {statistics.median(rates[cli]):,.0f} over {args.rounds} rounds "
              f"({', '.join(f'{r:,.0f}' for r in rates[cli])})")
    ratio = statistics.median(rates[checkouts[0]]) / statistics.median(rates[checkouts[1]])
    print(f"ratio {ratio:.2f} (--cli over --against; above 1 is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
