"""Time one shell completion request, whole process, as bash, zsh and fish make it.

    python bench/bench_completion.py [--runs 10] [--cache DIR] [--command facts]

Every TAB starts `facts` with the completion variables the shell's script sets; this runs
the same processes and prints the median wall time of each request. The index of the seed
corpus is built first into a private cache (or --cache names one that holds it already).
A last run with -X importtime lists the heavy modules a TAB must not load. The CPU column
(user + system time of the process) is what the wall time would be on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_MS = 80.0
# Modules that would mean the completion path loads what only answers need.
MUST_NOT_LOAD = (
    "rich", "rapidfuzz", "pydantic", "platformdirs",
    "factlookup.query.who", "factlookup.output", "factlookup.index.build", "factlookup.index.corpus", "factlookup.index.cache",
)


def requests() -> list[tuple[str, dict[str, str]]]:
    line = "facts who Tok"
    return [
        ("bash: facts who Tok", {"_FACTS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": "2"}),
        ("zsh: facts who Tok", {"_FACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}),
        (
            "fish: facts who Tok (get-args)",
            {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
        ),
        (
            "fish: facts who Tok (is-args)",
            {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "is-args"},
        ),
        # Commands and options carry help text, which zsh and fish show next to them.
        ("zsh: facts <commands>", {"_FACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "facts "}),
        (
            "fish: facts who --<options>",
            {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "facts who --", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
        ),
    ]


def default_command() -> list[str]:
    beside = Path(sys.executable).with_name("facts")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("facts")
    return [found] if found else [sys.executable, "-m", "factlookup"]


def time_once(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU milliseconds of one run, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if done.stderr.strip():
        raise SystemExit(f"completion wrote to stderr: {done.stderr.strip()}")
    return elapsed, cpu, done.stdout


def heavy_modules(command: list[str], env: dict[str, str]) -> list[str]:
    python = command[0] if len(command) > 1 else sys.executable
    script = command[-1] if len(command) == 1 else None
    argv = [python, "-X", "importtime"] + ([script] if script else ["-m", "factlookup"])
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return sorted(m for m in loaded if any(m == bad or m.startswith(bad + ".") for bad in MUST_NOT_LOAD))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cache", help="a FACTS_CACHE_DIR that already holds the seed corpus's index")
    parser.add_argument("--command", nargs="+", help="how to start facts (default: the facts beside this python)")
    opts = parser.parse_args()

    command = opts.command or default_command()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "_FACTS_", "COMP_", "_TYPER_"))}
    # As installed: byte code cached, so the warm-up run writes what a stale cache lacks.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    if opts.cache:
        base["FACTS_CACHE_DIR"] = opts.cache
        return measure(command, base, opts.runs)
    with tempfile.TemporaryDirectory(prefix="facts-bench-") as cache:
        base["FACTS_CACHE_DIR"] = cache
        built = subprocess.run(command + ["index", "--rebuild"], env=base, capture_output=True, text=True)
        if built.returncode != 0:
            print(f"could not build the seed index: {built.stderr.strip()}", file=sys.stderr)
            return 2
        return measure(command, base, opts.runs)


def measure(command: list[str], base: dict[str, str], runs: int) -> int:
    print(f"{'request':34} {'median ms':>9} {'min':>6} {'max':>6} {'cpu ms':>6}  answer")
    worst = 0.0
    for label, extra in requests():
        env = dict(base, **extra)
        time_once(command, env)  # warm the file cache
        times, cpus, answer = [], [], ""
        for _ in range(runs):
            ms, cpu, answer = time_once(command, env)
            times.append(ms)
            cpus.append(cpu)
        median = statistics.median(times)
        worst = max(worst, median)
        shown = " | ".join(answer.split("\n")[:3])[:50]
        print(f"{label:34} {median:9.1f} {min(times):6.1f} {max(times):6.1f} {statistics.median(cpus):6.1f}  {shown}")

    # What no completion can go below, measured now: a noisy machine moves every row.
    python = command[0] if len(command) > 1 else str(Path(sys.executable))
    for label, code in (("(python start-up)", "pass"), ("(python + import typer)", "import typer")):
        times, cpus = [], []
        for _ in range(runs):
            ms, cpu, _out = time_once([python, "-c", code], base)
            times.append(ms)
            cpus.append(cpu)
        print(f"{label:34} {statistics.median(times):9.1f} {min(times):6.1f} {max(times):6.1f} {statistics.median(cpus):6.1f}")

    heavy = heavy_modules(command, dict(base, **requests()[1][1]))
    heavy += [m for m in heavy_modules(command, dict(base, **requests()[4][1])) if m not in heavy]
    print(f"heavy modules loaded on TAB: {', '.join(heavy) if heavy else 'none'}")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"slowest median {worst:.1f} ms: {verdict} the {BUDGET_MS:.0f} ms budget")
    return 0 if worst <= BUDGET_MS and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
