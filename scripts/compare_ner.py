#!/usr/bin/env python3
"""Compare two checkouts' entity taggers on one CoNLL file, with a paired bootstrap.

    python scripts/compare_ner.py NEW/cli OLD/cli FILE [--resamples 2000] [--seed 1]

Each checkout tags every document of FILE in its own process (its package first on the path;
older layouts, `factlookup.ner`, too), as `python -m factlookup.evaluate ner` does. The
script prints both checkouts' F1, overall and per type, then resamples the documents with
replacement and prints, overall and per type, the 95% interval of NEW's F1 minus OLD's and
the share of resamples where NEW scores lower: a difference whose interval holds 0 is one
that another sample of news could reverse.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys

TYPES = ("PER", "ORG", "LOC", "MISC")

_TAGGER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
try:
    from factlookup.extract.ner.evaluate import Score, read_conll
    from factlookup.extract.ner.tagger import get_recogniser
except ImportError:
    from factlookup.ner.evaluate import Score, read_conll
    from factlookup.ner.tagger import get_recogniser
recogniser = get_recogniser(None)
counts = []
for doc in read_conll(sys.argv[2]):
    score = Score()
    for (_, tags), guess in zip(doc, recogniser.tag_document([tokens for tokens, _ in doc])):
        score.add(tags, list(guess))
    counts.append(score.by_type)
json.dump(counts, sys.stdout)
"""


def document_counts(cli: str, path: str) -> list[dict[str, list[int]]]:
    """Per document and type, as the scorer counts them: spans right, found, gold."""
    done = subprocess.run(
        [sys.executable, "-c", _TAGGER, os.path.abspath(cli), path], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def f1(docs: list[dict[str, list[int]]], sample, types) -> float:
    right = found = gold = 0
    for i in sample:
        for t in types:
            r, f, g = docs[i].get(t, (0, 0, 0))
            right, found, gold = right + r, found + f, gold + g
    return 200.0 * right / (found + gold) if found + gold else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("new", help="the `cli` folder of the checkout to judge")
    parser.add_argument("old", help="the `cli` folder of the checkout to compare it with")
    parser.add_argument("file", help="a CoNLL-format file with -DOCSTART- documents")
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    new, old = document_counts(args.new, args.file), document_counts(args.old, args.file)
    if len(new) != len(old):
        parser.error("the two checkouts read a different number of documents")
    every = range(len(new))
    groups = [("all", TYPES)] + [(t, (t,)) for t in TYPES]
    rng = random.Random(args.seed)
    samples = [[rng.randrange(len(new)) for _ in every] for _ in range(args.resamples)]
    low, high = int(0.025 * args.resamples), int(0.975 * args.resamples) - 1
    print(f"{len(new)} documents, {args.resamples} paired resamples")
    print(f"{'type':5} {'new F1':>7} {'old F1':>7} {'diff':>6}  95% interval    new lower")
    for name, types in groups:
        diffs = sorted(f1(new, s, types) - f1(old, s, types) for s in samples)
        lower = sum(d < 0 for d in diffs) / len(diffs)
        a, b = f1(new, every, types), f1(old, every, types)
        print(f"{name:5} {a:7.2f} {b:7.2f} {a - b:+6.2f}  [{diffs[low]:+.2f}, {diffs[high]:+.2f}]  {lower:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
