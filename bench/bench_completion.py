"""Time a TAB that completes a name, whole process, side by side with `python -c pass`.

    python bench/bench_completion.py [--runs 20] [--cache DIR] [--corpus PATH] [--line "facts who Tok"]
    PYTHONPATH=/tmp/old/cli python bench/bench_completion.py --command "python -m factlookup"   # old code

The scripts in completions/ answer commands, options and option values themselves; only a
name after `who` or `when` starts `facts`, with the variables each shell's script sets. This
runs those processes, round after round with `python -c pass` (the same interpreter) in the
same rounds, and prints the medians and each request's ratio to the floor. The index of the
corpus (default: the bundled seeds) is built first into a private cache, or --cache names
one that holds it already. A last run with -X importtime lists the modules outside the
standard library that a name request loaded. The CPU column (user + system time of the
process) is what the wall time would be on an idle machine.
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

# A name TAB may take at most this many times an empty interpreter's start.
BUDGET_RATIO = 3.0
ALLOWED = ("factlookup", "factlookup.__main__", "factlookup.tab", "factlookup.query", "factlookup.query.names")


def requests(line: str) -> list[tuple[str, dict[str, str]]]:
    words = line.split(" ")
    return [
        (f"bash: {line}", {"_FACTS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}),
        (f"zsh: {line}", {"_FACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}),
        (
            f"fish: {line}",
            {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
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
        raise SystemExit(f"{' '.join(command)} wrote to stderr: {done.stderr.strip()}")
    return elapsed, cpu, done.stdout


def _imported(argv: list[str], env: dict[str, str]) -> set[str]:
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines[1:]}  # the first line is the header


def foreign_modules(command: list[str], env: dict[str, str]) -> list[str]:
    """Modules a request loaded beyond the standard library, the completion path's own and
    what the interpreter loads at start (site hooks)."""
    python = command[0] if len(command) > 1 else sys.executable
    script = command[-1] if len(command) == 1 else None
    loaded = _imported([python, "-X", "importtime"] + ([script] if script else ["-m", "factlookup"]), env)
    loaded -= _imported([python, "-X", "importtime", "-c", "pass"], env)
    stdlib = sys.stdlib_module_names
    return sorted(m for m in loaded if m.split(".")[0] not in stdlib and m not in ALLOWED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cache", help="a FACTS_CACHE_DIR that already holds the corpus's index")
    parser.add_argument("--corpus", help="the corpus whose names are completed (default: the bundled seeds)")
    parser.add_argument("--line", default="facts who Tok", help="the command line typed before the TAB")
    parser.add_argument("--command", help='how to start facts, e.g. "python -m factlookup" (default: the facts beside this python)')
    opts = parser.parse_args()

    command = opts.command.split() if opts.command else default_command()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "_FACTS_", "COMP_", "_TYPER_"))}
    # As installed: byte code cached, so the warm-up run writes what a stale cache lacks.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    if opts.corpus:
        base["FACTS_CORPUS"] = opts.corpus
    if opts.cache:
        base["FACTS_CACHE_DIR"] = opts.cache
        return measure(command, base, opts.runs, opts.line)
    with tempfile.TemporaryDirectory(prefix="facts-bench-") as cache:
        base["FACTS_CACHE_DIR"] = cache
        built = subprocess.run(command + ["index", "--rebuild"], env=base, capture_output=True, text=True)
        if built.returncode != 0:
            print(f"could not build the index: {built.stderr.strip()}", file=sys.stderr)
            return 2
        return measure(command, base, opts.runs, opts.line)


def measure(command: list[str], base: dict[str, str], runs: int, line: str) -> int:
    python = command[0] if len(command) > 1 else str(Path(sys.executable))
    rows = [(label, command, dict(base, **extra)) for label, extra in requests(line)]
    rows.append(("(python -c pass)", [python, "-c", "pass"], base))
    walls: dict[str, list[float]] = {label: [] for label, _c, _e in rows}
    cpus: dict[str, list[float]] = {label: [] for label, _c, _e in rows}
    answers: dict[str, str] = {}
    for _label, cmd, env in rows:
        time_once(cmd, env)  # warm the file cache
    for _ in range(runs):  # side by side: each round runs every request and the floor once
        for label, cmd, env in rows:
            ms, cpu, answers[label] = time_once(cmd, env)
            walls[label].append(ms)
            cpus[label].append(cpu)
    floor_wall = statistics.median(walls["(python -c pass)"])
    floor_cpu = statistics.median(cpus["(python -c pass)"])
    print(f"command: {' '.join(command)}; median of {runs} rounds, each request and the floor once per round")
    print(f"{'request':34} {'wall ms':>8} {'x floor':>7} {'cpu ms':>7} {'x floor':>7}  answer")
    worst = 0.0
    for label, _cmd, _env in rows:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        ratio, cpu_ratio = wall / floor_wall, cpu / floor_cpu if floor_cpu else float("nan")
        if not label.startswith("("):
            worst = max(worst, ratio)
        shown = " | ".join(answers[label].split("\n")[:3])[:40]
        print(f"{label:34} {wall:8.1f} {ratio:7.2f} {cpu:7.1f} {cpu_ratio:7.2f}  {shown}")
    foreign = foreign_modules(command, rows[0][2])
    print(f"modules beyond the standard library on a name TAB: {', '.join(foreign) if foreign else 'none'}")
    verdict = "within" if worst <= BUDGET_RATIO else "OVER"
    print(f"slowest name TAB {worst:.2f}x python -c pass: {verdict} the {BUDGET_RATIO:.0f}x budget")
    return 0 if worst <= BUDGET_RATIO and not foreign else 1


if __name__ == "__main__":
    sys.exit(main())
