"""`facts` in shell scripts: pipes to jq and head, JSON Lines, data only on stdout."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import child_env, facts_command

FACTS = " ".join(shlex.quote(a) for a in facts_command())


def sh(command: str, cache: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a bash pipeline in which `$FACTS` starts the program."""
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        env=child_env(cache, FACTS=FACTS, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_json_goes_through_jq(seed_cache: Path) -> None:
    if not shutil.which("jq"):
        pytest.skip("jq is not installed")
    done = sh('eval "$FACTS who --json" | jq -r ".[].name"', seed_cache)
    assert done.returncode == 0, done.stderr
    assert "Kasym-Jomart Tokayev" in done.stdout.splitlines()
    assert done.stderr == ""
    done = sh('eval "$FACTS who Tokayev --json" | jq -e ".name"', seed_cache)
    assert (done.returncode, done.stdout.strip()) == (0, '"Kasym-Jomart Tokayev"')


def test_head_closes_the_pipe_quietly(seed_cache: Path) -> None:
    for command in ('eval "$FACTS when" | head -1', 'eval "$FACTS who" | head -1', 'eval "$FACTS who --nl" | true'):
        done = sh(command, seed_cache)
        assert done.returncode == 0, (command, done.stderr)
        assert done.stderr == "", command
        assert len(done.stdout.splitlines()) <= 1


def test_nl_is_one_json_object_per_line(seed_cache: Path) -> None:
    for args in ("who --nl", "search Tokayev --nl", "when --nl"):
        done = sh(f'eval "$FACTS {args}"', seed_cache)
        assert done.returncode in (0, 1), done.stderr
        lines = done.stdout.splitlines()
        assert all(isinstance(json.loads(line), dict) for line in lines), args
    assert len(sh('eval "$FACTS who --nl"', seed_cache).stdout.splitlines()) >= 3


def test_warnings_go_to_stderr_and_stdout_stays_data(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Talks in Geneva\n\nThe talks in Geneva ended without a deal.\n")
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    done = sh(f'eval "$FACTS who --json --corpus {shlex.quote(str(corpus))}"', tmp_path / "cache")
    assert done.returncode in (0, 1), done.stderr
    json.loads(done.stdout)  # nothing but the document
    assert "facts: warning: skipped" in done.stderr and "bad.txt" in done.stderr
    assert "Traceback" not in done.stderr


def test_plain_output_is_tab_separated_when_piped(seed_cache: Path) -> None:
    done = sh('eval "$FACTS who" | cat', seed_cache)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows and all("\t" in row for row in rows)
    assert "\x1b[" not in done.stdout
