#!/usr/bin/env python3
"""Where an index build's extraction CPU goes, stage by stage, for several checkouts side by side.

    python bench/bench_stages.py [--corpus PATH] [--runs 3] [--cli NAME=PATH ...]

Each run is one process per checkout (runs interleaved), which loads the corpus, warms the
models on a short text, then extracts every article as the builder's workers do
(`extract(article)`) and sums the CPU seconds (time.process_time) spent in the recogniser
(`recognise`: features, both CRF passes and the rules), the entity rules, the time-expression
tagger and the rest (sentence splitting, language check). Indexing, linking and SQLite
writes are not counted: `bench/bench_build.py` times the whole build. Medians of the runs
are printed with each stage's ratio to the first checkout's, and the recogniser's speed in
tokens (the tokens of every sentence, counted once by the first checkout) per CPU second.

Checkouts before the package was split into stages (commit f0de161 and earlier) are read at
their old module paths. Default corpus: $TMPDIR/factlookup-bench/reuters.jsonl
(bench/reuters_to_jsonl.py); default checkout: this one's `cli/`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"
STAGES = ("recogniser", "entities", "timex", "other")

# (module holding extract, corpus module, text module, [(module, function, stage)])
_LAYOUTS = (
    (
        "factlookup.extract.pipeline",
        "factlookup.index.corpus",
        "factlookup.extract.text",
        [
            ("factlookup.extract.ner", "recognise", "recogniser"),
            ("factlookup.extract.entities.grouping", "article_entities", "entities"),
            ("factlookup.extract.timex", "tag", "timex"),
        ],
    ),
    (
        "factlookup.extract",
        "factlookup.corpus",
        "factlookup.text",
        [
            ("factlookup.ner", "recognise", "recogniser"),
            ("factlookup.entities", "find_entities", "entities"),
            ("factlookup.timex", "tag", "timex"),
        ],
    ),
)


def _layout():
    for layout in _LAYOUTS:
        try:
            module = importlib.import_module(layout[0])
        except ImportError:
            continue
        if hasattr(module, "extract"):
            return module, layout
    raise SystemExit("no extract() found on this checkout's path")


def _timed(fn, spent: dict[str, float], stage: str):
    clock = time.process_time

    def wrapper(*args, **kwargs):
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[stage] += clock() - t0

    return wrapper


def child(corpus: Path, count_tokens: bool) -> None:
    pipeline, (_, corpus_mod, text_mod, patches) = _layout()
    corpus_module = importlib.import_module(corpus_mod)
    warn = lambda *a, **k: None  # noqa: E731
    files = corpus_module.discover([corpus], warn)
    articles = [a for f in files for a in corpus_module.load(f, warn)]
    spent = dict.fromkeys(STAGES, 0.0)
    for module_name, name, stage in patches:
        module = importlib.import_module(module_name)
        setattr(module, name, _timed(getattr(module, name), spent, stage))
    models = importlib.import_module("factlookup.models")
    warm = models.Article(id="warm", title="", text="Mr Smith met the Bank of Japan in Paris on Monday.", date="1987-03-02")
    pipeline.extract(warm)
    for stage in spent:
        spent[stage] = 0.0
    t0 = time.process_time()
    for article in articles:
        pipeline.extract(article)
    total = time.process_time() - t0
    spent["other"] = total - sum(v for k, v in spent.items() if k != "other")
    out = {"articles": len(articles), "total": total, **spent}
    if count_tokens:
        text = importlib.import_module(text_mod)
        out["tokens"] = sum(
            len(text.tokenize(a.text, s, e)) for a in articles for s, e in text.split_sentences(a.text)
        )
    print(json.dumps(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", action="append", default=[], metavar="NAME=PATH",
                        help="a checkout's cli folder to time (repeatable; the first is the baseline)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tokens", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.tokens)
        return 0
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: run bench/reuters_to_jsonl.py first", file=sys.stderr)
        return 2
    clis = [tuple(c.split("=", 1)) if "=" in c else (c, c) for c in args.cli] or [("this", str(REPO / "cli"))]
    results: dict[str, list[dict]] = {name: [] for name, _ in clis}
    tokens = 0
    for run in range(args.runs):
        for name, path in clis:
            env = dict(os.environ, PYTHONPATH=str(Path(path).resolve()))
            cmd = [sys.executable, __file__, "--child", "--corpus", str(args.corpus)]
            if not tokens:
                cmd.append("--tokens")
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{name}: the run failed\n{done.stderr}", file=sys.stderr)
                return 2
            row = json.loads(done.stdout.strip().splitlines()[-1])
            tokens = tokens or row.get("tokens", 0)
            results[name].append(row)
            print(f"run {run + 1} {name}: {row['total']:.1f} s", file=sys.stderr)
    base = clis[0][0]
    med = {name: {k: statistics.median(r[k] for r in rows) for k in ("total", *STAGES)} for name, rows in results.items()}
    print(f"corpus {args.corpus.name}: {results[base][0]['articles']} articles, {tokens:,} tokens; "
          f"medians of {args.runs} runs, CPU seconds (ratio to {base})")
    print()
    print("| checkout | " + " | ".join(STAGES) + " | extraction | recogniser tokens/s |")
    print("|---|" + "---|" * (len(STAGES) + 2))
    for name, m in med.items():
        cells = [f"{m[s]:.1f} ({m[s] / med[base][s]:.2f})" if med[base][s] else f"{m[s]:.1f}" for s in STAGES]
        speed = f"{tokens / m['recogniser']:,.0f}" if m["recogniser"] else "-"
        total = f"{m['total']:.1f} ({m['total'] / med[base]['total']:.2f})" if med[base]["total"] else f"{m['total']:.1f}"
        print(f"| {name} | " + " | ".join(cells) + f" | {total} | {speed} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
