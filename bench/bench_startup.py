"""Wall time of one `facts` call on the bundled seeds: cold (no index yet) and with the cached index.

    python bench/bench_startup.py [--runs 10] [-- ARGS...]

Each figure is the median of whole-process runs of the installed `facts`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def _time(cmd: list[str], env: dict[str, str], before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("args", nargs="*", default=["who", "Tokayev", "--json"])
    options = parser.parse_args()
    facts = shutil.which("facts")
    if not facts:
        raise SystemExit("facts is not on PATH: pip install . first")
    cache = tempfile.mkdtemp(prefix="facts-bench-")
    env = {k: v for k, v in os.environ.items() if k != "FACTS_CORPUS"}
    env["FACTS_CACHE_DIR"] = cache
    cmd = [facts, *options.args]

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    cold = [_time(cmd, env, clear) for _ in range(options.runs)]
    _time(cmd, env)
    warm = [_time(cmd, env) for _ in range(options.runs)]
    baseline = [_time(["python3", "-c", "pass"], env) for _ in range(options.runs)]
    print(f"command: facts {' '.join(options.args)}  (median of {options.runs} runs)")
    print(f"cold, index built:   {statistics.median(cold):7.1f} ms")
    print(f"cached index:        {statistics.median(warm):7.1f} ms")
    print(f"python3 -c pass:     {statistics.median(baseline):7.1f} ms")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
