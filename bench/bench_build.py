#!/usr/bin/env python3
"""Build cost side by side: CPU seconds, wall time and peak memory of `facts index --rebuild`
from scratch, for several checkouts on the same corpus, interleaved in one run.

    python bench/bench_build.py [--corpus PATH] [--runs 3] [--cli NAME=PATH ...] [--scheduler ADDRESS]
    python bench/bench_build.py --copies 10        # memory: the corpus copied 10 times, distinct ids

Each run is a whole `facts index --rebuild` process with an empty private cache folder (so
no extracted facts are reused). CPU is user + system time of the builder and every worker
it waited for (os.wait4), the steady figure on a busy machine; wall is the elapsed time.
Memory is sampled every 0.1 s from /proc: the peak of the builder process alone and the peak
of the builder with all its worker processes together (RSS summed; forked workers share
pages with the builder, so the sum overstates what they take).

`--copies N` writes the corpus N times into one JSONL file (ids suffixed `#k`, so the
copies are distinct stories), builds it with the first --cli and `--keep-duplicates` (the
copies have the same text: the build would otherwise fold them into one), and compares peak
memory and time per story with one copy of it. Default corpus: $TMPDIR/factlookup-bench/reuters.jsonl
(bench/reuters_to_jsonl.py). Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.gettempdir()) / "factlookup-bench"
DEFAULT_CORPUS = WORK / "reuters.jsonl"


@dataclass
class Build:
    wall: float
    cpu: float
    builder_mb: float
    tree_mb: float
    articles: int


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def build_once(cli: Path, corpus: Path, scheduler: str | None = None, keep_copies: bool = False) -> Build:
    cache = Path(tempfile.mkdtemp(prefix="facts-build-", dir=WORK))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    env.update(PYTHONPATH=str(cli), FACTS_CACHE_DIR=str(cache), NO_COLOR="1")
    argv = [sys.executable, "-m", "factlookup", "--corpus", str(corpus)]
    if keep_copies:
        argv.append("--keep-duplicates")
    argv += ["index", "--rebuild", "--json"]
    if scheduler:
        argv += ["--scheduler", scheduler]
    peaks = {"builder": 0, "tree": 0}
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peaks["builder"] = max(peaks["builder"], _rss_kb(proc.pid))
            peaks["tree"] = max(peaks["tree"], sum(_rss_kb(p) for p in _descendants(proc.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    shutil.rmtree(cache, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the build with {cli} failed (exit {os.waitstatus_to_exitcode(status)})")
    articles = json.loads(out)["articles"]
    return Build(wall, usage.ru_utime + usage.ru_stime, peaks["builder"] / 1024, peaks["tree"] / 1024, articles)


def copies_of(corpus: Path, copies: int) -> Path:
    """The corpus `copies` times over in one JSONL file, each story's id suffixed with its copy."""
    out = WORK / f"{corpus.stem}-x{copies}.jsonl"
    if out.is_file() and out.stat().st_mtime >= corpus.stat().st_mtime:
        return out
    tmp = out.with_suffix(".tmp")
    with open(corpus, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
        lines = [line for line in src if line.strip()]
        for k in range(copies):
            for n, line in enumerate(lines, 1):
                record = json.loads(line)
                record["id"] = f"{record.get('id', n)}#{k}"
                dst.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out)
    return out


def _median(builds: list[Build], field: str) -> float:
    return statistics.median(getattr(b, field) for b in builds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", action="append", default=[], metavar="NAME=PATH",
                        help="a checkout's cli/ folder to build with (repeatable; default: this checkout)")
    parser.add_argument("--scheduler", default=None, help="also build with this checkout on a Dask scheduler")
    parser.add_argument("--copies", type=int, default=0, help="memory: build the corpus copied this many times")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no {args.corpus}: run bench/reuters_to_jsonl.py first", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    clis = [tuple(c.split("=", 1)) for c in args.cli] or [("this", str(REPO / "cli"))]
    runs: dict[str, list[Build]] = {name: [] for name, _ in clis}
    labels = [(name, Path(path), None) for name, path in clis]
    if args.scheduler:
        runs["dask"] = []
        labels.append(("dask", REPO / "cli", args.scheduler))

    if args.copies:
        name, cli, _ = labels[0]
        big = copies_of(args.corpus, args.copies)
        print(f"{name}: {args.corpus.name} once and {args.copies} times ({big.name}), {args.runs} run(s) each", flush=True)
        # The copies are the same stories under other ids: the build would fold them into one.
        one = [build_once(cli, args.corpus, keep_copies=True) for _ in range(args.runs)]
        many = [build_once(cli, big, keep_copies=True) for _ in range(args.runs)]
        print(f"{'corpus':<28}{'stories':>9}{'wall s':>9}{'CPU s':>9}{'ms/story':>10}{'builder MB':>12}{'all MB':>9}")
        for label, builds in ((args.corpus.name, one), (big.name, many)):
            n = builds[0].articles
            print(f"{label:<28}{n:>9}{_median(builds, 'wall'):>9.1f}{_median(builds, 'cpu'):>9.1f}"
                  f"{1000 * _median(builds, 'wall') / n:>10.2f}{_median(builds, 'builder_mb'):>12.0f}"
                  f"{_median(builds, 'tree_mb'):>9.0f}")
        per_one = _median(one, "wall") / one[0].articles
        per_many = _median(many, "wall") / many[0].articles
        cpu_one = _median(one, "cpu") / one[0].articles
        cpu_many = _median(many, "cpu") / many[0].articles
        print(f"peak memory x{args.copies}/x1: builder {_median(many, 'builder_mb') / _median(one, 'builder_mb'):.2f}, "
              f"all processes {_median(many, 'tree_mb') / _median(one, 'tree_mb'):.2f} (target <= 1.5)")
        print(f"time per story x{args.copies}/x1: wall {per_many / per_one:.2f}, CPU {cpu_many / cpu_one:.2f} (target <= 1.2)")
        return 0

    print(f"{args.corpus.name}: {args.runs} interleaved run(s) of facts index --rebuild per build", flush=True)
    for k in range(args.runs):
        for name, cli, scheduler in labels:
            b = build_once(cli, args.corpus, scheduler)
            runs[name].append(b)
            print(f"  run {k + 1} {name}: {b.wall:.1f} s wall, {b.cpu:.1f} s CPU, builder {b.builder_mb:.0f} MB, "
                  f"all processes {b.tree_mb:.0f} MB", flush=True)
    first = labels[0][0]
    print(f"{'build':<10}{'wall s':>9}{'CPU s':>9}{'CPU ms/story':>14}{'builder MB':>12}{'all MB':>9}{'CPU vs ' + first:>14}")
    base = _median(runs[first], "cpu")
    for name, _, _ in labels:
        builds = runs[name]
        print(f"{name:<10}{_median(builds, 'wall'):>9.1f}{_median(builds, 'cpu'):>9.1f}"
              f"{1000 * _median(builds, 'cpu') / builds[0].articles:>14.2f}{_median(builds, 'builder_mb'):>12.0f}"
              f"{_median(builds, 'tree_mb'):>9.0f}{_median(builds, 'cpu') / base:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
