"""Shared fixtures: an in-process `facts` runner with a private cache, and small corpora.

    facts(*args)          run the command line in-process, streams captured -> Result
    corpus(files=None)    write articles into a fresh folder under tmp_path -> Path
    cache_dir             the private FACTS_CACHE_DIR the runner uses
    facts_command()       argv that starts `facts` in a child process (for signals and pipes)
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factlookup.cli import run
from factlookup.env import Environment

CLI_DIR = str(Path(__file__).resolve().parent.parent / "cli")

# Whether the temporal tagger is installed. Until it is, builds use a minimal stand-in that
# tags ISO dates only, so tests of everything around the extractors can still run.
TIMEX_READY = importlib.util.find_spec("factlookup.timex") is not None

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

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Run in a child process before `facts` starts, when the tagger is not installed yet.
_STUB_BOOT = f"""
import re, sys, types
sys.path.insert(0, {CLI_DIR!r})
from factlookup.models import Timex
def tag(text, reference=None, sentences=None):
    return [Timex(m.group(), m.start(), m.end(), "DATE", m.group(), "iso") for m in re.finditer({_ISO_DATE.pattern!r}, text)]
stub = types.ModuleType("factlookup.timex")
stub.tag = tag
sys.modules["factlookup.timex"] = stub
import factlookup
factlookup.timex = stub
from factlookup.__main__ import main
main()
"""


def _stub_tag(text: str, reference: str | None = None, sentences: list | None = None) -> list:
    from factlookup.models import Timex

    return [Timex(m.group(), m.start(), m.end(), "DATE", m.group(), "iso") for m in _ISO_DATE.finditer(text)]


def facts_command() -> list[str]:
    """The argv that runs `facts` in a child process with this interpreter."""
    if TIMEX_READY:
        return [sys.executable, "-m", "factlookup"]
    return [sys.executable, "-c", _STUB_BOOT]


def child_env(cache: Path, **extra: str) -> dict[str, str]:
    """The environment for a child `facts`: a private cache, no corpus default, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTS_", "COLUMNS"))}
    env["PYTHONPATH"] = CLI_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env["FACTS_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: generates large inputs or starts child processes (seconds, not minutes)")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("facts: warning: ")]


@pytest.fixture
def extractors(monkeypatch: pytest.MonkeyPatch) -> bool:
    """Makes builds possible; True when the real temporal tagger is in use."""
    if not TIMEX_READY:
        import factlookup

        stub = types.ModuleType("factlookup.timex")
        stub.tag = _stub_tag  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "factlookup.timex", stub)
        monkeypatch.setattr(factlookup, "timex", stub, raising=False)
    return TIMEX_READY


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    monkeypatch.delenv("FACTS_DEBUG", raising=False)
    return folder


@pytest.fixture
def facts(cache_dir: Path, extractors: bool):
    """Run `facts` in-process: facts("who", "x", "--corpus", path) -> Result(code, out, err)."""

    def runner(*args: str, tty: bool = False, width: int = 100, colors: bool = False) -> Result:
        out, err = io.StringIO(), io.StringIO()
        env = Environment(stdout=out, stderr=err, stdout_isatty=tty, stderr_isatty=False, colors=colors, width=width)
        code = run([str(a) for a in args], env)
        return Result(code, out.getvalue(), err.getvalue())

    return runner


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
