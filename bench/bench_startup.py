"""Time whole `facts` calls on a cached index, side by side with `python -c "import typer"`.

    python bench/bench_startup.py [--runs 15] [--corpus PATH] [--cache DIR] [--cold]
    python bench/bench_startup.py -- who Tokayev --json     # one call of your own
    python bench/bench_startup.py --old /tmp/base/cli --old-cache DIR   # the old code beside

Each round runs every call and the two floors (`python -c pass`, `python -c "import typer"`,
the same interpreter) once, so a busy machine slows them alike; the table gives the medians
of wall and CPU time (user + system) and each call's excess over importing Typer. The corpus
is Reuters-21578 as made by bench/reuters_to_jsonl.py when it is there, else the bundled
seeds. The index is built first into a private cache, or --cache names one that holds it.
`--cold` also times a call that builds the seeds' index from nothing. `--old CLI_DIR` adds
the same calls of another checkout's package (`python -m factlookup` with that folder on
PYTHONPATH, its own index in --old-cache); then both are started that way.
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

# A call may take at most this much longer than `python -c "import typer"`.
BUDGET_MS = 25.0
REUTERS = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"
CALLS = {
    "reuters": [["who", "Volcker", "--json"], ["when", "Louvre", "accord", "--json"], ["search", "oil", "prices", "--json"]],
    "seed": [["who", "Tokayev", "--json"], ["when", "Tokayev", "--json"], ["search", "shoot to kill", "--json"]],
}


def facts_command() -> list[str]:
    beside = Path(sys.executable).with_name("facts")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("facts")
    return [found] if found else [sys.executable, "-m", "factlookup"]


def time_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", help="default: the Reuters JSONL when it exists, else the bundled seeds")
    parser.add_argument("--cache", help="a FACTS_CACHE_DIR that holds a current index of the corpus")
    parser.add_argument("--cold", action="store_true", help="also time a call that builds the seeds' index")
    parser.add_argument("--old", help="another checkout's cli/ folder, timed beside this one")
    parser.add_argument("--old-cache", help="a FACTS_CACHE_DIR holding a current index of the corpus for --old")
    parser.add_argument("args", nargs="*", help="one call of your own instead of the standard three")
    opts = parser.parse_args()

    corpus = opts.corpus or (str(REUTERS) if REUTERS.is_file() else None)
    facts = facts_command()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "_FACTS_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached
    if corpus:
        env["FACTS_CORPUS"] = corpus
    cache = opts.cache or tempfile.mkdtemp(prefix="facts-bench-")
    env["FACTS_CACHE_DIR"] = cache
    try:
        built = subprocess.run(facts + ["index", "--json"], env=env, capture_output=True, text=True)
        if '"current": true' not in built.stdout:
            print(f"building the index of {corpus or 'the seeds'} ...", file=sys.stderr)
            subprocess.run(facts + ["index", "--rebuild"], env=env, capture_output=True, check=True)
        calls = [opts.args] if opts.args else CALLS["reuters" if corpus == str(REUTERS) else "seed"]
        python = sys.executable
        rows: list[tuple[str, list[str], dict[str, str]]] = []
        if opts.old:
            here = str(Path(__file__).resolve().parent.parent / "cli")
            old_env = dict(env, PYTHONPATH=opts.old, FACTS_CACHE_DIR=opts.old_cache or tempfile.mkdtemp(prefix="facts-bench-old-"))
            subprocess.run([python, "-m", "factlookup", "index"], env=old_env, capture_output=True)
            for a in calls:
                rows.append((f"old: facts {' '.join(a)}", [python, "-m", "factlookup", *a], old_env))
                rows.append((f"new: facts {' '.join(a)}", [python, "-m", "factlookup", *a], dict(env, PYTHONPATH=here)))
        else:
            rows += [(f"facts {' '.join(a)}", facts + a, env) for a in calls]
        rows += [("python -c pass", [python, "-c", "pass"], env), ('python -c "import typer"', [python, "-c", "import typer"], env)]
        measure(rows, opts.runs, corpus or "the bundled seeds")
        if opts.cold:
            cold(facts, calls[0], opts.runs)
    finally:
        if not opts.cache:
            shutil.rmtree(cache, ignore_errors=True)
    return 0


def measure(rows: list[tuple[str, list[str], dict[str, str]]], runs: int, corpus: str) -> None:
    walls: dict[str, list[float]] = {label: [] for label, _c, _e in rows}
    cpus: dict[str, list[float]] = {label: [] for label, _c, _e in rows}
    for _label, cmd, env in rows:
        time_once(cmd, env)  # warm the file cache
    for _ in range(runs):
        for label, cmd, env in rows:
            wall, cpu, _code = time_once(cmd, env)
            walls[label].append(wall)
            cpus[label].append(cpu)
    floor = 'python -c "import typer"'
    floor_wall, floor_cpu = statistics.median(walls[floor]), statistics.median(cpus[floor])
    print(f"corpus: {corpus}; cached index; median of {runs} rounds, every row once per round")
    print(f"{'call':44} {'wall ms':>8} {'- typer':>8} {'cpu ms':>7} {'- typer':>8}")
    worst = float("-inf")
    for label, _cmd, _env in rows:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        if label.startswith(("facts", "new:")):
            worst = max(worst, wall - floor_wall)
        print(f"{label:44} {wall:8.1f} {wall - floor_wall:+8.1f} {cpu:7.1f} {cpu - floor_cpu:+8.1f}")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"slowest call: import typer {worst:+.1f} ms (wall): {verdict} the +{BUDGET_MS:.0f} ms budget")


def cold(facts: list[str], args: list[str], runs: int) -> None:
    cache = tempfile.mkdtemp(prefix="facts-bench-cold-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "_FACTS_"))}
    env["FACTS_CACHE_DIR"] = cache
    times = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        times.append(time_once(facts + args, env)[0])
    shutil.rmtree(cache, ignore_errors=True)
    print(f"cold, the seeds' index built: facts {' '.join(args)} {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
