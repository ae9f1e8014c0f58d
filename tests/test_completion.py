"""Shell completion, answered in-process the way every TAB asks: commands, options, option
values, entity names from the cached index (never built on a TAB), and the scripts, which
answer all but names without starting the program."""

from __future__ import annotations

import importlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, child_env


def complete(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, line: str, shell: str = "bash") -> list[str]:
    """What `facts` answers when the shell asks to complete the end of `line`."""
    from factlookup.__main__ import main

    monkeypatch.setattr(sys, "argv", ["facts"])
    monkeypatch.setenv("_FACTS_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    assert exit_.value.code == 0 and err == ""
    if shell == "zsh":
        return [out]
    return [v for v in out.split("\n") if v]


@pytest.fixture
def tab(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, seed_cache: Path):
    monkeypatch.setenv("FACTS_CACHE_DIR", str(seed_cache))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    return lambda line, shell="bash": complete(monkeypatch, capsys, line, shell)


# -- commands, options and their values ------------------------------------------------------


def test_commands(tab) -> None:
    assert tab("facts ") == ["who", "when", "search", "index"]
    assert tab("facts w") == ["who", "when"]


def test_options(tab) -> None:
    options = tab("facts who --")
    assert {"--type", "--limit", "--corpus", "--json", "--nl", "--format", "--help"} <= set(options)
    assert {"--from", "--to", "--anchor"} <= set(tab("facts when --"))
    assert "--corpus" in tab("facts --")


def test_type_values_in_any_case(tab) -> None:
    assert tab("facts who --type ") == ["person", "organization", "place", "group", "other"]
    assert tab("facts who --type o") == ["organization", "other"]
    assert tab("facts who -t P") == ["person", "place"]


def test_format_values(tab) -> None:
    assert tab("facts who --format ") == ["auto", "table", "plain", "json", "nl"]
    assert tab("facts search x --format j") == ["json"]


def test_corpus_leaves_paths_to_the_shell(tab) -> None:
    # No answer: bash (-o default), zsh (_files) and fish (its script) complete file names.
    assert tab("facts --corpus se") == []
    assert tab("facts who --corpus se") == []
    assert tab("facts who --corpus se", "zsh") == ["_files\n"]


# -- names --------------------------------------------------------------------------------------


def test_a_name_from_a_word_of_it(tab) -> None:
    assert tab("facts who Tok") == ["Tokayev"]
    assert tab("facts who tok") == ["Tokayev"]  # any case
    assert tab("facts when Tok") == ["Tokayev"]
    assert tab("facts who Jom") == ["Kasym-Jomart Tokayev"]  # a later word, or part of one


def test_a_multi_word_name_continues_from_the_words_before(tab) -> None:
    assert tab("facts who Nikol Pa") == ["Pashinyan"]
    assert tab("facts who Nikol ") == ["Pashinyan"]
    assert tab("facts when --limit 3 Nikol Pa") == ["Pashinyan"]
    # zsh and fish keep an escaped space inside the word: the whole name replaces it
    assert tab("facts who Nikol\\ Pa", "fish") == ["Nikol Pashinyan"]


def test_words_before_that_are_no_name_leave_this_word_alone(tab) -> None:
    assert tab("facts who is Tok") == ["Tokayev"]


def test_names_are_most_mentioned_first(tab) -> None:
    names = tab("facts who ")
    assert 3 <= len(names) <= 50
    assert names.index("Kasym-Jomart Tokayev") < names.index("Nikol Pashinyan")


def test_odd_lines_answer_quietly(tab) -> None:
    assert tab("facts --version who Tok") == ["Tokayev"]  # --version does not print on a TAB
    assert tab("facts who --bogus Tok") == ["Tokayev"]
    assert tab('facts who "Nikol Pa', "fish") == ["Nikol Pashinyan"]  # an open quote: one word
    assert tab("facts frobnicate Tok") == []


def test_no_names_for_search_or_options(tab) -> None:
    assert tab("facts search Tok") == []
    assert tab("facts who --limit Tok") == []


def test_zsh_and_fish_answers(tab) -> None:
    # zsh gets names it must not filter again (matched on any word, any case) ...
    assert tab("facts who Jom", "zsh") == ["compadd -U -V names -- 'Kasym-Jomart Tokayev'\n"]
    # ... and commands and options with their help, escaped for zsh
    answer = tab("facts ", "zsh")[0]
    assert answer.startswith("_arguments '*: :((\"who\":\"Who is this\\\\: full name")
    assert "index'\\''s state" in answer
    fish = tab("facts who --j", "fish")
    assert fish == ["--json\tPrint one JSON document."]


def test_corpus_on_the_line_chooses_the_index(tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Nothing here.\n")
    # another corpus, not indexed: nothing, before or after the command
    assert tab(f"facts --corpus {other} who Tok") == []
    assert tab(f"facts who -c {other} Tok") == []
    # the seeds named on the line, before or after the command: their index
    assert tab(f"facts --corpus {SEEDS} who Tok") == ["Tokayev"]
    assert tab(f"facts who --corpus {SEEDS} Tok") == ["Tokayev"]
    # a corpus that does not exist: nothing, quietly
    assert tab("facts --corpus /no/such/folder who Tok") == []
    monkeypatch.setenv("FACTS_CORPUS", str(other))
    assert tab("facts who Tok") == []


def test_no_index_completes_nothing_quickly_and_creates_nothing(monkeypatch, capsys, tmp_path: Path) -> None:
    cache = tmp_path / "empty-cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    started = time.perf_counter()
    assert complete(monkeypatch, capsys, "facts who Tok") == []
    assert complete(monkeypatch, capsys, "facts who Tok", "fish") == []
    assert time.perf_counter() - started < 0.5
    assert not cache.exists()


def test_a_damaged_index_completes_nothing(monkeypatch, capsys, tmp_path: Path) -> None:
    from factlookup.tab import index_file

    cache = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    path = Path(index_file(None))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    assert complete(monkeypatch, capsys, "facts who Tok") == []


def test_the_index_file_is_where_the_index_puts_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from factlookup.index.cache import resolve
    from factlookup.tab import index_file

    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "c"))
    for corpus in (None, [str(SEEDS)], [str(SEEDS) + "/", str(tmp_path), str(SEEDS)], [str(tmp_path / ".." / tmp_path.name)]):
        assert Path(index_file(corpus)) == resolve(corpus)[1].path
    monkeypatch.setenv("FACTS_CORPUS", f"{tmp_path}{os.pathsep}{SEEDS}")
    assert Path(index_file(None)) == resolve(None)[1].path
    monkeypatch.delenv("FACTS_CACHE_DIR")
    for xdg in ("", str(tmp_path / "xdg")):
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert Path(index_file(None)) == resolve(None)[1].path


# -- matching, on a small index made by hand ------------------------------------------------


@pytest.fixture
def names_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT, mentions INTEGER, articles INTEGER);"
        "CREATE TABLE names (key TEXT, entity INTEGER, surface TEXT, canonical INTEGER);"
    )
    entities = [
        (1, "Kasym-Jomart Tokayev", 9, ["Tokayev"]),
        (2, "Collective Security Treaty Organisation", 7, ["CSTO"]),
        (3, "CSTO Collective Security Council", 2, []),
        (4, "Pedro Sánchez", 3, ["Sánchez"]),
        (5, "Côte d'Ivoire", 1, []),
        (6, "Tokyo", 4, []),
    ]
    for id_, name, mentions, aliases in entities:
        db.execute("INSERT INTO entities VALUES (?, ?, 'other', ?, 1)", (id_, name, mentions))
        db.execute("INSERT INTO names VALUES (?, ?, ?, 1)", (name.lower(), id_, name))
        for alias in aliases:
            db.execute("INSERT INTO names VALUES (?, ?, ?, 0)", (alias.lower(), id_, alias))
    db.execute("UPDATE names SET key = 'pedro sanchez' WHERE entity = 4 AND canonical = 1")
    db.execute("UPDATE names SET key = 'sanchez' WHERE entity = 4 AND canonical = 0")
    return db


def test_matching(names_db: sqlite3.Connection) -> None:
    from factlookup.query.names import name_completions

    def names(line: str) -> list[str]:
        *before, incomplete = line.split(" ")
        return name_completions(names_db, before, incomplete)

    assert names("Tok") == ["Tokayev", "Tokyo"]  # one per entity, most mentioned first
    assert names("Toka") == ["Tokayev"]
    assert names("Kas") == ["Kasym-Jomart Tokayev"]
    assert names("jom") == ["Kasym-Jomart Tokayev"]
    assert names("Collective Sec") == ["Security Treaty Organisation", "Security Council"]
    assert names("Collective Security T") == ["Treaty Organisation"]
    assert names("CSTO Co") == ["Collective Security Council"]
    assert names("san") == ["Sánchez"]  # accents do not matter
    assert names("Pedro Sanc") == ["Sánchez"]
    assert names("Pedro Sánc") == ["Sánchez"]
    assert names("d'iv") == ["Côte d'Ivoire"]
    assert names("50%") == [] and names("a_b") == []
    assert name_completions(names_db, [], "Collective Security T") == ["Collective Security Treaty Organisation"]
    assert name_completions(names_db, ["the", "president"], "Tokay") == ["Tokayev"]
    assert name_completions(names_db, [], "") [:2] == ["Kasym-Jomart Tokayev", "Collective Security Treaty Organisation"]
    assert len(name_completions(names_db, [], "", limit=3)) == 3


def test_bash_gets_names_it_can_insert(monkeypatch, capsys, tmp_path: Path) -> None:
    # bash inserts an answer as it is: characters it would read as syntax are escaped
    import factlookup.tab as tab

    monkeypatch.setattr(tab, "complete_names", lambda corpus, before, incomplete: ["Côte d'Ivoire", "AT&T"])
    assert complete(monkeypatch, capsys, "facts who C") == ["Côte d\\'Ivoire", "AT\\&T"]


# -- what the TAB path loads ------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_env",
    [
        {"_FACTS_COMPLETE": "complete_bash", "COMP_WORDS": "facts who Tok", "COMP_CWORD": "2"},
        {"_FACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "facts "},
        {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "facts who --", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    ],
)
def test_a_tab_loads_nothing_heavy(seed_cache: Path, request_env: dict[str, str]) -> None:
    env = child_env(seed_cache, **request_env)
    env.pop("FACTS_CACHE_DIR")  # the real default location: platformdirs must not load either
    env["XDG_CACHE_HOME"] = str(seed_cache.parent / "xdg")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "factlookup"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    heavy = ("rich", "rapidfuzz", "pydantic", "platformdirs", "factlookup.query.who", "factlookup.output", "factlookup.index.build", "factlookup.index.corpus")
    assert not {m for m in loaded if m.split(".")[0] in heavy or m in heavy or m.startswith(tuple(h + "." for h in heavy))}


@pytest.mark.parametrize(
    "request_env",
    [
        {"_FACTS_COMPLETE": "complete_bash", "COMP_WORDS": "facts who Tok", "COMP_CWORD": "2"},
        {"_FACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "facts --corpus . when Nikol Pa"},
        {"_FACTS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "facts who Jom", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    ],
)
def test_a_name_is_completed_with_the_standard_library_alone(seed_cache: Path, request_env: dict[str, str]) -> None:
    env = child_env(seed_cache, **request_env)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "factlookup"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    ours = {m for m in loaded if m.startswith("factlookup")}
    assert ours <= {"factlookup", "factlookup.__main__", "factlookup.tab", "factlookup.query", "factlookup.query.names"}
    site = {m.split(".")[0] for m in loaded} & {"typer", "click", "rich", "platformdirs", "shellingham"}
    assert not site


def test_the_tab_tables_are_the_command_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from factlookup import tab
    from factlookup.cli import app
    from factlookup.completion_scripts import spec

    tables = spec(typer.main.get_command(app))
    assert {n for o in tables.value_options() for n in o.names} == tab.GLOBAL_VALUE_OPTIONS
    for command in tab.NAME_COMMANDS:
        assert {n for o in tables.value_options(command) for n in o.names} == tab.COMMAND_VALUE_OPTIONS[command]


# -- the scripts answer commands, options and values without the program --------------------


@pytest.fixture
def recording_facts(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with a `facts` that notes each start, and the file it notes them in."""
    folder = tmp_path / "bin"
    folder.mkdir()
    calls = tmp_path / "calls"
    script = folder / "facts"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {shlex.quote(str(calls))}\n'
        f'PYTHONPATH={shlex.quote(str(ROOT / "cli"))} exec {shlex.quote(sys.executable)} -m factlookup "$@"\n'
    )
    script.chmod(0o755)
    return folder, calls


BASH_TAB = r"""
source "$SCRIPT"
read -ra COMP_WORDS <<< "$LINE"
[[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_facts_completion facts "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


def _bash_tab(line: str, bin_dir: Path, cache: Path) -> list[str]:
    env = dict(child_env(cache), LINE=line, SCRIPT=str(ROOT / "completions" / "facts.bash"))
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", BASH_TAB], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [v for v in done.stdout.split("\n") if v]


def test_the_bash_script_answers_alone(seed_cache: Path, recording_facts: tuple[Path, Path]) -> None:
    bin_dir, calls = recording_facts

    def tab(line: str) -> list[str]:
        return _bash_tab(line, bin_dir, seed_cache)

    assert tab("facts ") == ["who", "when", "search", "index"]
    assert tab("facts w") == ["who", "when"]
    assert {"--type", "--limit", "--corpus", "--json", "--nl", "--format", "--help"} <= set(tab("facts who --"))
    assert {"--from", "--to", "--anchor"} <= set(tab("facts when --"))
    assert "--corpus" in tab("facts --")
    assert tab("facts who --type ") == ["person", "organization", "place", "group", "other"]
    assert tab("facts who -t P") == ["person", "place"]
    assert tab("facts --corpus . who --format j") == ["json"]
    assert tab("facts search x --format j") == ["json"]
    assert tab("facts who --corpus se") == [] and tab("facts search Tok") == [] and tab("facts who --limit ") == []
    assert not calls.exists()  # none of these started the program
    assert tab("facts who Jom") == ["Kasym-Jomart Tokayev"]
    assert tab("facts when --limit 3 Nikol Pa") == ["Pashinyan"]
    assert tab("facts who -- Tok") == ["Tokayev"]
    assert calls.read_text().count("\n") == 3  # names come from the program


def test_the_fish_script_answers_alone(seed_cache: Path, recording_facts: tuple[Path, Path]) -> None:
    if not shutil.which("fish"):
        pytest.skip("fish is not installed (.ci/install-shells.sh installs it)")
    bin_dir, calls = recording_facts
    env = child_env(seed_cache)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def tab(line: str) -> list[str]:
        setup = f"set -p fish_complete_path {ROOT / 'completions'}; complete -C {shlex.quote(line)}"
        done = subprocess.run(["fish", "--no-config", "-c", setup], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return [v for v in done.stdout.split("\n") if v]

    assert [v.split("\t")[0] for v in tab("facts ")] == ["who", "when", "search", "index"]
    assert tab("facts who --j") == ["--json\tPrint one JSON document."]
    assert tab("facts who --type org") == ["organization"]
    assert tab("facts when --format n") == ["nl"]
    assert not calls.exists()
    assert tab("facts who Jom") == ["Kasym-Jomart Tokayev"]
    assert tab("facts who Nikol\\ Pa") == ["Nikol Pashinyan"]
    assert calls.read_text().count("\n") == 2


# -- the scripts' files ----------------------------------------------------------------------------


def _generator():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module("generate_completions")
    finally:
        sys.path.pop(0)


def test_completion_scripts_are_current() -> None:
    stale = [path.name for path, text in _generator().expected().items() if not path.is_file() or path.read_text() != text]
    assert not stale, f"stale: {stale}; run python scripts/generate_completions.py"


def test_zsh_file_autoloads() -> None:
    text = (ROOT / "completions" / "_facts").read_text()
    assert text.startswith("#compdef facts\n")
    assert "\n_facts() {" in text and "loadautofunc" in text


@pytest.mark.parametrize(
    "shell, installed",
    [("bash", ".bash_completions/facts.sh"), ("zsh", ".zfunc/_facts"), ("fish", ".config/fish/completions/facts.fish")],
)
def test_install_completion_writes_the_same_scripts(tmp_path: Path, shell: str, installed: str) -> None:
    env = child_env(tmp_path / "cache", HOME=str(tmp_path), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run(
        [sys.executable, "-m", "factlookup", "--install-completion", shell], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    name = {"bash": "facts.bash", "zsh": "_facts", "fish": "facts.fish"}[shell]
    assert (tmp_path / installed).read_text().strip() == (ROOT / "completions" / name).read_text().strip()
