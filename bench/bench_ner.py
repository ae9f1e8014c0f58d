#!/usr/bin/env python3
"""Throughput of the entity tagger on one core, feature extraction included.

    python bench/bench_ner.py [--file DEV.TXT] [--runs 5] [--model PATH]

Prints the model load time, then tokens/s as the median of several runs over every sentence of
the file, tagged one sentence at a time (as tag_tokens does) and as documents (as recognise
does). "cold" runs start each pass with an empty per-word feature cache; "warm" runs keep it.
Both CRF passes run when the second-pass model is present; --first-pass times the first alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cli"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default=os.path.join(ROOT, "..", "shared", "data", "conll2003", "dev.txt"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model")
    parser.add_argument("--first-pass", action="store_true", help="leave out the consistency pass")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    started = time.perf_counter()
    import factlookup.extract.ner  # noqa: F401

    import_ms = (time.perf_counter() - started) * 1000
    from factlookup.extract.ner.evaluate import read_conll
    from factlookup.extract.ner.tagger import MODEL_FILE, Recogniser

    docs = [[tokens for tokens, _ in doc] for doc in read_conll(args.file)]
    sentences = [s for doc in docs for s in doc]
    n_tokens = sum(len(s) for s in sentences)

    import pycrfsuite  # noqa: F401  (imported by the tagger; timed apart from the model)

    started = time.perf_counter()
    rec = Recogniser(args.model or MODEL_FILE, second_pass=not args.first_pass)
    load_ms = (time.perf_counter() - started) * 1000
    print(f"import factlookup.extract.ner: {import_ms:.1f} ms")
    passes = "both passes" if rec._tagger2 is not None else "first pass only"
    print(f"model load (CRFs + clusters + gazetteer + lexicon): {load_ms:.1f} ms; {passes}")
    print(f"{len(sentences)} sentences, {n_tokens} tokens, {args.runs} runs, one core")

    def run(fn, cold: bool) -> float:
        rates = []
        for _ in range(args.runs):
            if cold:
                rec.features._cache.clear()
            t0 = time.perf_counter()
            fn()
            rates.append(n_tokens / (time.perf_counter() - t0))
        return statistics.median(rates)

    def by_sentence() -> None:
        for s in sentences:
            rec.tag_sentence(s)

    def by_document() -> None:
        for d in docs:
            rec.tag_document(d)

    for name, fn in (("sentences", by_sentence), ("documents", by_document)):
        for cold in (True, False):
            rate = run(fn, cold)
            print(f"{name:9} {'cold' if cold else 'warm'}: {rate:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
