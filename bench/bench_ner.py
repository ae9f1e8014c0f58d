#!/usr/bin/env python3
"""Throughput of the entity tagger on one core, feature extraction included.

    python bench/bench_ner.py [--file DEV.TXT] [--runs 5] [--model PATH] [--first-pass]
                              [--compare OTHER/cli]

Prints the model load time, then tokens/s as the median of several runs over every sentence of
the file, tagged one sentence at a time (as tag_tokens does) and as documents (as recognise
does), both in wall time and in process CPU time (steadier on a shared machine). "cold" runs
start with an empty per-word feature cache; "warm" runs keep it. Both CRF passes run when the
second-pass model is present; --first-pass times the first alone.

--compare times another checkout's tagger (the `cli` folder of an older version, e.g. the model
before this one) in the same session, each run of one alternating with a run of the other, and
prints this tagger's speed as a ratio of the other's: on a machine shared with other jobs the
ratio moves far less than either figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODES = ("sentences cold", "sentences warm", "documents cold", "documents warm")


def measure(args: argparse.Namespace) -> dict:
    """One run of every mode in this process, with the package found first on sys.path."""
    started = time.perf_counter()
    try:
        import factlookup.extract.ner  # noqa: F401
        from factlookup.extract.ner.evaluate import read_conll
        from factlookup.extract.ner.tagger import MODEL_FILE, Recogniser
    except ImportError:  # an older layout: factlookup.ner
        import factlookup.ner  # noqa: F401
        from factlookup.ner.evaluate import read_conll
        from factlookup.ner.tagger import MODEL_FILE, Recogniser
    import_ms = (time.perf_counter() - started) * 1000

    docs = [[tokens for tokens, _ in doc] for doc in read_conll(args.file)]
    sentences = [s for doc in docs for s in doc]
    n_tokens = sum(len(s) for s in sentences)

    import pycrfsuite  # noqa: F401  (imported by the tagger; timed apart from the model)

    started = time.perf_counter()
    try:
        rec = Recogniser(args.model or MODEL_FILE, second_pass=not args.first_pass)
    except TypeError:  # an older tagger has one pass only
        rec = Recogniser(args.model or MODEL_FILE)
    load_ms = (time.perf_counter() - started) * 1000

    def by_sentence() -> None:
        for s in sentences:
            rec.tag_sentence(s)

    def by_document() -> None:
        for d in docs:
            rec.tag_document(d)

    result: dict = {
        "import_ms": import_ms,
        "load_ms": load_ms,
        "sentences": len(sentences),
        "tokens": n_tokens,
        "passes": 2 if getattr(rec, "_tagger2", None) is not None else 1,
    }
    for mode in MODES:
        fn = by_sentence if mode.startswith("sentences") else by_document
        if mode.endswith("cold"):
            rec.features._cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        result[mode] = (n_tokens / (time.perf_counter() - wall), n_tokens / (time.process_time() - cpu))
    return result


def child(cli_dir: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", "--file", args.file]
    if args.model:
        cmd += ["--model", args.model]
    if args.first_pass:
        cmd.append("--first-pass")
    env = dict(os.environ, PYTHONPATH=cli_dir)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default=os.path.join(ROOT, "..", "shared", "data", "conll2003", "dev.txt"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model")
    parser.add_argument("--first-pass", action="store_true", help="leave out the consistency pass")
    parser.add_argument("--compare", metavar="CLI_DIR", help="another checkout's cli folder, timed alternately")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if args.child:
        print(json.dumps(measure(args)))
        return 0

    # Each run is a fresh process, so that model loading, caches and memory start the same.
    own = os.path.join(ROOT, "cli")
    runs: list[dict] = []
    others: list[dict] = []
    for i in range(args.runs):
        if args.compare and i % 2:
            others.append(child(args.compare, args))
        runs.append(child(own, args))
        if args.compare and not i % 2:
            others.append(child(args.compare, args))
    first = runs[0]
    print(f"import factlookup's tagger package: {statistics.median(r['import_ms'] for r in runs):.1f} ms")
    passes = "both passes" if first["passes"] == 2 else "first pass only"
    print(f"model load (CRFs + clusters + gazetteer + lexicon): {statistics.median(r['load_ms'] for r in runs):.0f} ms; {passes}")
    print(f"{first['sentences']} sentences, {first['tokens']} tokens, median of {args.runs} runs, one core")
    if args.compare:
        print(f"compared with {args.compare} ({'both passes' if others[0]['passes'] == 2 else 'one pass'}), runs alternating")
    for mode in MODES:
        wall = statistics.median(r[mode][0] for r in runs)
        cpu = statistics.median(r[mode][1] for r in runs)
        line = f"{mode:15}: {wall:8,.0f} tokens/s wall, {cpu:8,.0f} tokens/s CPU"
        if args.compare:
            o_wall = statistics.median(r[mode][0] for r in others)
            o_cpu = statistics.median(r[mode][1] for r in others)
            ratios = sorted(r[mode][1] / o[mode][1] for r, o in zip(runs, others))
            line += (
                f" | other {o_wall:8,.0f} wall, {o_cpu:8,.0f} CPU"
                f" | CPU ratio {statistics.median(ratios):.2f} (runs {ratios[0]:.2f}-{ratios[-1]:.2f})"
            )
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
