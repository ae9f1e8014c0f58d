"""How `facts` scales: build and query times on the 19,043 Reuters-21578 stories.

    python bench/bench_scale.py [--runs 10] [--jsonl PATH] [--cache DIR] [--no-build] [--no-incremental]

Converts the corpus if needed (bench/reuters_to_jsonl.py, written outside the repository),
builds the index from scratch in a private cache folder, then times whole `facts` processes
(wall clock, median of --runs) for searches, who, when and a TAB completion, next to two
peers over the same text: `fzf --filter` over the corpus split into sentences (fuzzy and
ranked) and `rg -i` over the JSONL (the speed floor). The same queries are timed on the
bundled seed corpus; big/seed is how query time grows with the corpus.

Peers come from Debian: apt-get update && apt-get install -y ripgrep fzf
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
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import reuters_to_jsonl  # noqa: E402

WORK = Path(tempfile.gettempdir()) / "factlookup-bench"

# (label, facts arguments, peer query or None)
QUERIES = [
    ("search, one word", ["search", "--json", "coffee"], "coffee"),
    ("search, phrase", ["search", "--json", '"interest rates"'], "interest rates"),
    ("search, misspelt", ["search", "--json", "ecomomy"], "ecomomy"),
    ("who (all)", ["who"], None),
    ("who NAME", ["who", "Volcker"], "Volcker"),
    ("when QUERY", ["when", "Volcker"], "Volcker"),
]
COMPLETION = ("TAB: who Rea", {"_FACTS_COMPLETE": "complete_bash", "COMP_WORDS": "facts who Rea", "COMP_CWORD": "2"}, "Rea")

TARGETS = {"build_s": 60.0, "query_ms": 150.0, "completion_ms": 80.0, "size_ratio": 3.0, "scale_ratio": 1.5}


@dataclass
class Run:
    seconds: float
    code: int
    maxrss_kb: int
    cpu_seconds: float = 0.0  # user + system, this process and the children it waited for


def run_once(argv: list[str], env: dict[str, str], stdin_path: Path | None = None) -> Run:
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    finally:
        if stdin_path:
            stdin.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(elapsed, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


def median_ms(
    argv: list[str], env: dict[str, str], runs: int, stdin_path: Path | None = None
) -> tuple[float, int, int, float]:
    """Median wall ms, last exit status, peak KB, median CPU ms."""
    run_once(argv, env, stdin_path)  # warm the page cache and the index
    results = [run_once(argv, env, stdin_path) for _ in range(runs)]
    return (
        statistics.median(r.seconds for r in results) * 1000,
        results[-1].code,
        max(r.maxrss_kb for r in results),
        statistics.median(r.cpu_seconds for r in results) * 1000,
    )


def facts_argv(args: argparse.Namespace) -> list[str]:
    if args.facts:
        return args.facts.split()
    beside = Path(sys.executable).with_name("facts")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("facts")
    if found:
        return [found]
    return [sys.executable, "-m", "factlookup"]


def sentences_file(jsonl: Path, out: Path) -> int:
    """The corpus as one sentence per line, for fzf."""
    from factlookup.extract.text import split_sentences

    if out.exists() and out.stat().st_mtime >= jsonl.stat().st_mtime:
        return sum(1 for _ in open(out, encoding="utf-8"))
    count = 0
    tmp = out.with_name(out.name + ".part")
    with open(jsonl, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
        for line in src:
            text = json.loads(line)["text"]
            for a, b in split_sentences(text):
                dst.write(" ".join(text[a:b].split()) + "\n")
                count += 1
    os.replace(tmp, out)
    return count


def corpus_text_bytes(jsonl: Path) -> int:
    total = 0
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            total += len(record["text"].encode("utf-8")) + len((record.get("title") or "").encode("utf-8"))
    return total


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.2f}x"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def ensure_bytecode() -> None:
    # An installed package carries compiled bytecode; a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every call.
    import compileall

    import factlookup

    compileall.compile_dir(str(Path(factlookup.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--jsonl", type=Path, default=WORK / "reuters.jsonl")
    parser.add_argument("--cache", type=Path, default=WORK / "cache", help="private FACTS_CACHE_DIR")
    parser.add_argument("--facts", help="command that runs facts (default: the one beside this Python)")
    parser.add_argument("--no-build", action="store_true", help="reuse the index if it is current")
    parser.add_argument("--no-incremental", action="store_true", help="skip the one-changed-article rebuild")
    args = parser.parse_args(argv)

    missing = [tool for tool in ("rg", "fzf") if not shutil.which(tool)]
    if missing:
        print(
            f"missing peer(s): {', '.join(missing)} -- install with: apt-get update && apt-get install -y ripgrep fzf",
            file=sys.stderr,
        )
    if not args.jsonl.exists():
        print(f"converting Reuters-21578 -> {args.jsonl}")
        count = reuters_to_jsonl.convert(reuters_to_jsonl.DEFAULT_SOURCE, args.jsonl)
        print(f"  {count} stories")
    ensure_bytecode()
    facts = facts_argv(args)
    args.cache.mkdir(parents=True, exist_ok=True)
    base_env = {k: v for k, v in os.environ.items() if k not in ("FACTS_CORPUS", "FACTS_CACHE_DIR")}
    base_env["FACTS_CACHE_DIR"] = str(args.cache)
    big_env = dict(base_env, FACTS_CORPUS=str(args.jsonl))
    seed_env = dict(base_env)

    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"facts: {' '.join(facts)}")

    # -- build ------------------------------------------------------------------------------
    build_s = None
    build_rss = None
    reuse_s = None
    if not args.no_build:
        # From scratch: --rebuild alone would reuse every story's extracted facts.
        for pattern in ("index-*.sqlite", "index-*.sqlite.extractions"):  # the index and its build cache
            for old in args.cache.glob(pattern):
                old.unlink()
        print("building the index from scratch ...", flush=True)
        r = run_once(facts + ["index", "--rebuild", "--json"], big_env)
        if r.code != 0:
            print(f"build failed with exit status {r.code}", file=sys.stderr)
            return 1
        build_s, build_rss, build_cpu = r.seconds, r.maxrss_kb, r.cpu_seconds
        reuse_s = run_once(facts + ["index", "--rebuild", "--json"], big_env).seconds
    state = json.loads(subprocess.run(facts + ["index", "--json"], env=big_env, capture_output=True, text=True).stdout)
    text_bytes = corpus_text_bytes(args.jsonl)
    jsonl_bytes = args.jsonl.stat().st_size
    index_bytes = state["size"]
    build_cache = Path(state["path"] + ".extractions")  # store.extractions_path: read by builds only
    cache_bytes = build_cache.stat().st_size if build_cache.is_file() else 0
    sentences = sentences_file(args.jsonl, WORK / "sentences.txt")

    print()
    print(f"corpus: {state['articles']} stories, {state['sentences']} sentences ({sentences} for fzf), "
          f"{text_bytes / 1e6:.1f} MB of text, JSONL {jsonl_bytes / 1e6:.1f} MB")
    print(f"index:  {index_bytes / 1e6:.1f} MB = {index_bytes / text_bytes:.2f}x the text, "
          f"{index_bytes / jsonl_bytes:.2f}x the JSONL; {state['entities']} entities, {state['events']} events")
    print(f"build cache beside it (extracted facts, for rebuilds only): {cache_bytes / 1e6:.1f} MB = "
          f"{cache_bytes / text_bytes:.2f}x the text")
    both = index_bytes + cache_bytes
    print(f"index and build cache together: {both / 1e6:.1f} MB = {both / text_bytes:.2f}x the text")
    if build_s is not None:
        print(f"build:  {build_s:.1f} s wall, {build_cpu:.1f} s CPU in all processes "
              f"({build_cpu / build_s:.2f} cores busy), peak memory {build_rss / 1024:.0f} MB (largest single process); "
              f"index --rebuild, every story's facts reused: {reuse_s:.1f} s")

    # -- queries ----------------------------------------------------------------------------
    rows = []
    print()
    header = (
        f"{'query':<22}{'facts ms':>10}{'cpu ms':>8}{'exit':>6}{'seed ms':>9}{'big/seed':>10}"
        f"{'fzf ms':>9}{'rg ms':>8}{'/fzf':>8}{'/rg':>8}{'MB':>6}"
    )
    print(header)
    print("-" * len(header))
    cases = [(label, facts + a, {}, peer) for label, a, peer in QUERIES]
    label, extra, peer = COMPLETION
    cases.append((label, facts, extra, peer))
    for label, cmd, extra, peer in cases:
        big_ms, code, rss, cpu_ms = median_ms(cmd, dict(big_env, **extra), args.runs)
        seed_ms = median_ms(cmd, dict(seed_env, **extra), args.runs)[0]
        fzf_ms = rg_ms = None
        if peer and shutil.which("fzf"):
            fzf_ms = median_ms(["fzf", "--filter", peer], base_env, args.runs, WORK / "sentences.txt")[0]
        if peer and shutil.which("rg"):
            rg_ms = median_ms(["rg", "-i", "--", peer, str(args.jsonl)], base_env, args.runs)[0]
        rows.append((label, big_ms, seed_ms, fzf_ms, rg_ms))
        print(
            f"{label:<22}{big_ms:>10.1f}{cpu_ms:>8.1f}{code:>6}{seed_ms:>9.1f}{ratio(big_ms, seed_ms):>10}"
            f"{(f'{fzf_ms:.1f}' if fzf_ms else '-'):>9}{(f'{rg_ms:.1f}' if rg_ms else '-'):>8}"
            f"{ratio(big_ms, fzf_ms):>8}{ratio(big_ms, rg_ms):>8}{rss / 1024:>6.0f}",
            flush=True,
        )

    # -- one changed article ------------------------------------------------------------------
    incremental = None
    if not args.no_incremental:
        incremental = _incremental(args.jsonl, big_env)

    # -- targets ----------------------------------------------------------------------------
    print()
    print("targets:")
    if build_s is not None:
        print(f"  build <= {TARGETS['build_s']:.0f} s: {build_s:.1f} s -- {verdict(build_s <= TARGETS['build_s'])}")
    if incremental:
        print(f"  rebuild after one changed story: {incremental[0]} extracted, {incremental[1]} reused, {incremental[2]:.1f} s")
    queries = [r for r in rows if not r[0].startswith("TAB")]
    worst = max(queries, key=lambda r: r[1])
    print(f"  each query <= {TARGETS['query_ms']:.0f} ms: worst {worst[1]:.1f} ms ({worst[0]}) -- {verdict(worst[1] <= TARGETS['query_ms'])}")
    tab = rows[-1]
    print(f"  completion <= {TARGETS['completion_ms']:.0f} ms: {tab[1]:.1f} ms -- {verdict(tab[1] <= TARGETS['completion_ms'])}")
    searches = [r for r in rows if r[0].startswith("search")]
    slower = [r[0] for r in searches if r[3] is not None and r[1] >= r[3]]
    if all(r[3] is not None for r in searches):
        print(f"  search faster than fzf --filter: {'all' if not slower else 'not ' + ', '.join(slower)} -- {verdict(not slower)}")
    scale = max(r[1] / r[2] for r in rows)
    print(f"  query time big/seed <= {TARGETS['scale_ratio']}x: worst {scale:.2f}x -- {verdict(scale <= TARGETS['scale_ratio'])}")
    size = index_bytes / text_bytes
    print(f"  index <= {TARGETS['size_ratio']:.0f}x the text: {size:.2f}x -- {verdict(size <= TARGETS['size_ratio'])}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _incremental(jsonl: Path, env: dict[str, str]) -> tuple[int, int, float] | None:
    """Change one story, rebuild, restore: how many stories were extracted again."""
    code = (
        "import json,sys,os\n"
        "from factlookup.index.cache import open_index\n"
        "ix = open_index(None, lambda m: None)\n"
        "r = ix.built\n"
        "print(json.dumps([r.extracted, r.reused, r.seconds] if r else None))\n"
    )
    original = jsonl.read_bytes()
    lines = original.split(b"\n")
    record = json.loads(lines[0])
    record["text"] += " One more sentence."
    lines[0] = json.dumps(record, ensure_ascii=False).encode("utf-8")
    try:
        jsonl.write_bytes(b"\n".join(lines))
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    finally:
        jsonl.write_bytes(original)
    try:
        result = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"incremental rebuild failed: {out.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    # Back to the original text: again one story to extract.
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return tuple(result) if result else None


if __name__ == "__main__":
    sys.exit(main())
