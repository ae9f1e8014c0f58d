"""Shared fixtures: an in-process `facts` runner with a private cache, and small corpora.

    facts(*args)          run the command line in-process, streams captured -> Result
    corpus(files=None)    write articles into a fresh folder under tmp_path -> Path
    cache_dir             the private FACTS_CACHE_DIR the runner uses
    seed_cache            a cache folder holding the seed corpus's index (built once)
    facts_command()       argv that starts `facts` in a child process (for signals and pipes)
    child_env(cache)      the environment for such a child
    start_facts(args)     start one, its output piped
    write_articles(root)  write many small dated reports
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facts_runner import facts as run_facts

ROOT = Path(__file__).resolve().parent.parent
CLI_DIR = str(ROOT / "cli")
SEEDS = ROOT / "seeds"

DEFAULT_ARTICLES: dict[str, str] = {
    "talks.md": (
        "---\ntitle: Talks in Geneva\ndate: 2022-03-01\nsource: Wire\n---\n"
        "The talks in Geneva ended on 2022-02-28 without a deal.\n\n"
        "Negotiators said they would meet again in April.\n"
    ),
    "storm.txt": "Storm hits Lisbon\n\nA storm hit Lisbon on 2022-02-27. Ferries stopped running.\n",
    "wire.jsonl": (
        json.dumps({"id": "w1", "title": "Harbour", "date": "2022-01-05", "text": "The harbour reopened on 2022-01-04."})
        + "\n"
        + json.dumps({"id": "w2", "title": "Bridge", "text": "The bridge closed for repairs."})
        + "\n"
    ),
}

def facts_command() -> list[str]:
    """The argv that runs `facts` in a child process with this interpreter."""
    return [sys.executable, "-m", "factlookup"]


def child_env(cache: Path, **extra: str) -> dict[str, str]:
    """The environment for a child `facts`: a private cache, no corpus default, no colour,
    no completion request."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "_FACTS_", "COMP_", "_TYPER_", "COLUMNS"))}
    env["PYTHONPATH"] = CLI_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env["FACTS_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def write_articles(root: Path, count: int, offset: int = 0) -> None:
    """Write `count` small dated reports (a00000.txt ...) into root, eight sentences each."""
    root.mkdir(parents=True, exist_ok=True)
    people = ["Anna Berg", "Tomas Lind", "Maria Costa", "Ivan Petrov", "Leila Haddad"]
    places = ["Geneva", "Lisbon", "Oslo", "Almaty", "Nairobi"]
    for i in range(offset, offset + count):
        who, where = people[i % 5], places[i * 7 % 5]
        body = " ".join(f"{who} met officials in {where} on 2022-03-{i % 28 + 1:02d} about item {i}-{k}." for k in range(8))
        (root / f"a{i:05d}.txt").write_text(f"Report {i}\n\n{body}\n", encoding="utf-8")


def start_facts(args: list[str], cache: Path, env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    """Start `facts` in a child process of its own session, its output piped."""
    return subprocess.Popen(
        facts_command() + args, env=env or child_env(cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True, **kw,
    )


def build_index(cache: Path, corpus: Path | None = None) -> None:
    """Build an index with the real `facts index --rebuild`, into the cache folder given."""
    args = facts_command() + ["index", "--rebuild"] + (["--corpus", str(corpus)] if corpus else [])
    done = subprocess.run(args, env=child_env(cache), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the index of the bundled seed corpus."""
    cache = tmp_path_factory.mktemp("seed-cache")
    build_index(cache)
    return cache


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: generates large inputs or starts child processes (seconds, not minutes)")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    monkeypatch.delenv("FACTS_DEBUG", raising=False)
    return folder


@pytest.fixture
def facts(cache_dir: Path):
    """Run `facts` in-process: facts("who", "x", "--corpus", path) -> Result(code, out, err)."""
    return run_facts


@pytest.fixture
def corpus(tmp_path: Path):
    """Write articles into a new folder: corpus() gives three small articles in three formats,
    corpus({"a.txt": "text", "b.bin": b"bytes"}) exactly the files given."""
    count = 0

    def make(files: dict[str, str | bytes] | None = None, name: str | None = None) -> Path:
        nonlocal count
        count += 1
        root = tmp_path / (name or f"corpus{count}")
        root.mkdir(parents=True, exist_ok=True)
        for rel, content in (DEFAULT_ARTICLES if files is None else files).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make
