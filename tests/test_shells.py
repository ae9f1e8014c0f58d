"""Completion in real shells: bash, zsh and fish run in tmux, keys are typed, the screen read.

Each shell starts without the user's configuration, with `facts` on PATH, the scripts from
completions/ loaded the way the README says, and an index of the seed corpus in a private
cache. Skipped when tmux or the shell is missing; CI installs them (.ci/install-shells.sh).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CLI_DIR, ROOT

COMPLETIONS = ROOT / "completions"

# How each shell starts, and what it is told before the first TAB.
SHELLS = {
    "bash": ("bash --norc --noprofile", [f"source {COMPLETIONS / 'facts.bash'}"]),
    "zsh": ("zsh -f", [f"fpath=({COMPLETIONS} $fpath)", "autoload -Uz compinit && compinit -u"]),
    "fish": ("fish --no-config", [f"set -p fish_complete_path {COMPLETIONS}"]),
}


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a `facts` that runs this checkout with this interpreter."""
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "facts"
    script.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(CLI_DIR)} exec {shlex.quote(sys.executable)} -m factlookup "$@"\n')
    script.chmod(0o755)
    return folder


class Screen:
    """One shell in a private tmux server."""

    def __init__(self, shell: str, home: Path, path: str, cache: Path) -> None:
        self.socket = f"facts-test-{os.getpid()}-{shell}"
        command, self.setup = SHELLS[shell]
        env = f"env -i HOME={home} TERM=xterm LANG=C.UTF-8 PATH={path} FACTS_CACHE_DIR={cache} {command}"
        self.tmux("new-session", "-d", "-x", "150", "-y", "40", env)
        self.wait_for(lambda text: text.strip() != "", "a prompt")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, test, what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if test(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"waited for {what}; the screen shows:\n{text}")
            time.sleep(0.1)

    def run(self, line: str) -> None:
        marker = f"done-{time.monotonic_ns()}"
        self.tmux("send-keys", "-l", f"{line}; echo {marker}")
        self.tmux("send-keys", "Enter")
        self.wait_for(lambda text: f"\n{marker}" in text or text.startswith(marker), f"`{line}` to finish")

    def tab(self, typed: str, expect: str) -> str:
        """Type a line, press Tab, and wait until the expected text shows on the screen."""
        self.tmux("send-keys", "C-u")
        self.run("clear")
        self.tmux("send-keys", "-l", typed)
        self.tmux("send-keys", "Tab")
        try:
            return self.wait_for(lambda text: expect in text, repr(expect))
        finally:
            self.tmux("send-keys", "C-c")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture(params=list(SHELLS))
def shell(request: pytest.FixtureRequest, tmp_path: Path, bin_dir: Path, seed_cache: Path):
    name = request.param
    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed (.ci/install-shells.sh installs it)")
    if not shutil.which(name):
        pytest.skip(f"{name} is not installed (.ci/install-shells.sh installs it)")
    path = os.pathsep.join([str(bin_dir), os.path.dirname(shutil.which(name)), "/usr/bin", "/bin"])
    screen = Screen(name, tmp_path, path, seed_cache)
    try:
        for line in screen.setup:
            screen.run(line)
        yield screen
    finally:
        screen.close()


def test_tab_completes_a_name(shell: Screen) -> None:
    shell.tab("facts who Tok", "facts who Tokayev")


def test_tab_completes_a_name_from_a_later_word(shell: Screen) -> None:
    # bash inserts the name as words, zsh and fish as one escaped word: both mean the same
    screen = shell.tab("facts who Jom", "Kasym-Jomart")
    assert "Tokayev" in screen.split("Kasym-Jomart", 1)[1].splitlines()[0]


def test_tab_continues_a_multi_word_name(shell: Screen) -> None:
    shell.tab("facts who Nikol Pa", "facts who Nikol Pashinyan")


def test_tab_completes_a_command_and_an_option_value(shell: Screen) -> None:
    shell.tab("facts whe", "facts when")
    shell.tab("facts who --type org", "facts who --type organization")
