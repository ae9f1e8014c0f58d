#!/usr/bin/env python3
"""Record the JSON answers of a fixed set of queries, or compare them with a recording.

    python bench/compare_outputs.py record DIR [--cli PATH] [--reuters FILE]
    python bench/compare_outputs.py compare DIR [--cli PATH] [--reuters FILE]

Each query runs `facts ... --json` as a child process, with PATH's package first on
PYTHONPATH (default: this checkout's cli/), on the bundled seeds and on Reuters-21578 as
made by bench/reuters_to_jsonl.py. `compare` prints every query whose output differs in any
byte and exits 1 if one does. Run `record` with the old code and `compare` with the new.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REUTERS = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"

QUERIES: dict[str, list[list[str]]] = {
    "seed": [
        ["who"], ["who", "--type", "person"], ["who", "--type", "place"], ["who", "--limit", "3"],
        ["who", "--type", "organization"], ["who", "--type", "group"], ["who", "--type", "other"],
        ["who", "--type", "person", "--limit", "1"], ["who", "--type", "place", "--limit", "2"], ["who", "--limit", "10"],
        ["who", "Tokayev"], ["who", "Nikol", "Pashinyan"], ["who", "Pashinyan"], ["who", "Nazarbayev"],
        ["who", "CSTO"], ["who", "Kazakhstan"], ["who", "Tokaev"], ["who", "gave", "the", "shoot-to-kill", "order"],
        ["who", "Russia"], ["who", "Collective", "Security", "Treaty", "Organisation"],
        ["when"], ["when", "--anchor", "2022"], ["when", "Tokayev"], ["when", "shoot-to-kill", "order"],
        ["when", "--from", "2022-01-05", "--to", "2022-01-10", "--anchor", "2022"], ["when", "Pashinyan"],
        ["when", "peacekeeping"], ["when", "Kazakhstan"], ["when", "--limit", "2"], ["when", "CSTO", "--anchor", "2022-01-19"],
        ["search", "shoot to kil"], ["search", "peacekeeping forces"], ["search", '"peacekeeping forces" -Belarus'],
        ["search", "Tokaev"], ["search", "protesters"], ["search", "Almaty", "--limit", "3"], ["search", "CSTO troops"],
        ["search", "Russia", "Armenia"], ["search", "airport"], ["search", "night"],
    ],
    "reuters": [
        ["who", "--limit", "50"], ["who", "--type", "person", "--limit", "40"], ["who", "--type", "place", "--limit", "40"],
        ["who", "--type", "organization", "--limit", "40"], ["who", "--type", "group", "--limit", "20"],
        ["who", "--type", "other", "--limit", "20"], ["who", "--limit", "5"], ["who", "--type", "person", "--limit", "5"],
        ["who", "--type", "person,place", "--limit", "30"], ["who", "--limit", "200"],
        ["who", "Reagan"], ["who", "OPEC"], ["who", "UK"], ["who", "Yeutter"], ["who", "Volcker"],
        ["who", "Gorbachev"], ["who", "U.S."], ["who", "Baker"], ["who", "Shultz"], ["who", "Nakasone"],
        ["when", "--limit", "50"], ["when", "Volcker"], ["when", "Louvre"], ["when", "OPEC"], ["when", "Yeutter"],
        ["when", "U.S."], ["when", "--from", "1987-03-01", "--to", "1987-03-02", "--limit", "40"], ["when", "Sarney"],
        ["when", "coffee", "quota"], ["when", "Baker", "--limit", "30"],
        ["search", "Louvre", "accord"], ["search", "oil", "prices"], ["search", "Volker"], ["search", "coffee"],
        ["search", '"trade deficit"', "-Japan"], ["search", "interest", "rates", "--limit", "50"],
        ["search", "OPEC", "output"], ["search", "Gorbachev"], ["search", "wheat", "--from", "1987-04-01"],
        ["search", "takeover", "bid"],
    ],
}


def run(cli: Path, corpus: str | None, args: list[str], cache: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    env.update(PYTHONPATH=str(cli), FACTS_CACHE_DIR=str(cache), NO_COLOR="1")
    argv = [sys.executable, "-m", "factlookup"] + (["--corpus", corpus] if corpus else []) + args + ["--json"]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=1800)
    return f"exit {done.returncode}\n".encode() + done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["record", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cli", type=Path, default=ROOT / "cli")
    parser.add_argument("--reuters", type=Path, default=DEFAULT_REUTERS)
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (default: a new temporary one)")
    args = parser.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="facts-compare-"))
    corpora = {"seed": None, "reuters": str(args.reuters)}
    if not args.reuters.is_file():
        print(f"no {args.reuters}: run bench/reuters_to_jsonl.py first; comparing the seed only", file=sys.stderr)
        del corpora["reuters"]
    args.folder.mkdir(parents=True, exist_ok=True)
    differ = same = 0
    for name, corpus in corpora.items():
        for i, query in enumerate(QUERIES[name]):
            out = run(args.cli.resolve(), corpus, query, cache)
            path = args.folder / f"{name}-{i:02d}.json"
            if args.mode == "record":
                path.write_bytes(out)
                continue
            old = path.read_bytes() if path.is_file() else b""
            if old == out:
                same += 1
            else:
                differ += 1
                print(f"DIFFERS {name}: facts {' '.join(query)} --json "
                      f"({hashlib.sha1(old).hexdigest()[:8]} -> {hashlib.sha1(out).hexdigest()[:8]})")
    if args.mode == "compare":
        print(f"{same} identical, {differ} different, of {same + differ} queries")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
