"""Contracts every command keeps: exit codes, one-sentence errors, JSON, pipes, colour, markup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facts_runner import facts


@pytest.fixture(autouse=True)
def cache(cache_dir: Path) -> Path:
    return cache_dir


@pytest.mark.parametrize(
    "args, message",
    [
        (["who", "--bogus"], "facts: error: No such option: --bogus"),
        (["when", "--anchor", "soon"], "facts: error: --anchor takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'soon'"),
        (["when", "--from", "2022-02-30"], "facts: error: --from 2022-02-30 is not a real date"),
        (["who", "--type", "robot"], "facts: error: --type takes one of person, organization, place, group, other, not 'robot'"),
        (["who", "x", "--json", "--nl"], "facts: error: choose one of --json and --nl"),
        (["search"], "facts: error: Missing argument 'query'"),
        (["--corpus", "/no/such/folder", "who"], "facts: error: corpus path /no/such/folder does not exist"),
        (["frobnicate"], "facts: error: No such command 'frobnicate'"),
    ],
)
def test_errors_are_one_sentence_on_stderr_with_status_2(args: list[str], message: str) -> None:
    result = facts(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_nothing_found_is_status_1_and_empty_json_list() -> None:
    result = facts("search", "xylophonequartet", "--json")
    assert (result.code, result.json, result.err) == (1, [], "")
    result = facts("when", "xylophonequartet", "--json")
    assert (result.code, result.json) == (1, [])


def test_nl_is_one_object_per_line() -> None:
    result = facts("when", "--nl")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) >= 4
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert json.loads(lines[0])["date"] == "XXXX-01-02"


def test_piped_output_is_tab_separated() -> None:
    result = facts("search", "shoot to kill")
    assert result.code == 0
    score, article, start, end, text = result.out.splitlines()[0].split("\t")
    assert (article, text) == (
        "000_cfcca4a1f232a10f",
        "A day later, Tokayev gave a shoot-to-kill order to the military and police forces who were fighting protesters.",
    )
    assert int(end) - int(start) == len(text)


def test_corpus_option_before_or_after_the_command(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text("Harbour\n\nThe harbour in Valletta reopened.\n", encoding="utf-8")
    before = facts("--corpus", str(root), "search", "Valletta", "--json")
    after = facts("search", "Valletta", "--corpus", str(root), "--json")
    assert before.code == after.code == 0
    assert before.json == after.json
    assert before.json[0]["article"] == "a"


def test_markup_and_escapes_in_articles_are_shown_as_text(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "m.txt").write_text(
        "Markup\n\nThe [bold red]minister[/] said \x1b[31mred\x1b[0m and \x1b]0;owned\x07 nothing.\n",
        encoding="utf-8",
    )
    result = facts("--corpus", str(root), "search", "minister", "--format", "table", tty=True, width=120)
    assert result.code == 0
    assert "[bold red]minister[/]" in result.out
    assert "\x1b]0;" not in result.out and "\x1b[31m" not in result.out
    plain = facts("--corpus", str(root), "search", "minister")
    assert "\x1b" not in plain.out and "[bold red]minister[/]" in plain.out


def _subprocess_env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    env["FACTS_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "cli")
    env.update(extra)
    return env


def test_piping_into_head_is_quiet(cache: Path) -> None:
    env = _subprocess_env(cache)
    subprocess.run([sys.executable, "-m", "factlookup", "index", "--rebuild"], env=env, check=True, capture_output=True)
    proc = subprocess.run(
        f"{sys.executable} -m factlookup when --nl | head -1", shell=True, env=env, capture_output=True, text=True
    )
    assert json.loads(proc.stdout)["date"] == "XXXX-01-02"
    assert proc.stderr == ""


def test_no_color_in_a_terminal(tmp_path: Path) -> None:
    coloured = facts("search", "Tokayev", "--format", "table", tty=True, colors=True)
    plain = facts("search", "Tokayev", "--format", "table", tty=True, colors=False)
    assert "\x1b[" in coloured.out
    assert "\x1b[" not in plain.out


def test_help_ends_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("who", "when", "search", "index"):
        result = facts(command, "--help")
        assert result.code == 0
        printed = capsys.readouterr().out
        assert printed.rstrip().splitlines()[-1].strip().startswith(f"Example: facts {command}")


def test_dash_words_are_excluded_search_words_not_options() -> None:
    everything = facts("search", "Kazakhstan", "--json").json
    result = facts("search", "Kazakhstan", "-Belarusian", "-n", "20", "--json")
    assert result.code == 0
    assert len(result.json) == len(everything) - 1
    assert all("Belarusian" not in h["text"] for h in result.json)


def test_environment_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from factlookup.env import Environment

    monkeypatch.setenv("NO_COLOR", "1")
    assert Environment.from_system().colors is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert Environment.from_system().colors is True


def test_long_tables_are_cut_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlookup.output import render

    monkeypatch.setattr(render, "TABLE_ROWS", 2)
    result = facts("when", "--format", "table", tty=True, width=100)
    assert result.out.count("(year unknown)") == 2
    assert result.err == "facts: showing the first 2 of 5 events; --json or a pipe gives them all\n"
    assert len(facts("when", "--json").json) == 5


def test_a_corpus_folder_named_like_a_command_is_read_as_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "when").mkdir()
    (tmp_path / "when" / "a.txt").write_text("Talks\n\nPresident Jane Doe met the press in Paris.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = facts("--corpus", "when", "--lock-timeout", "5", "who", "--json")
    assert named.code == 0, named.err
    assert "Jane Doe" in [e["name"] for e in named.json]


def test_the_main_options_that_take_a_value_are_known_before_parsing() -> None:
    import typer

    from factlookup.cli import MAIN_OPTIONS_WITH_VALUE, app

    group = typer.main.get_command(app)
    taking = {o for p in group.params if not getattr(p, "is_flag", False) for o in p.opts}
    assert taking == MAIN_OPTIONS_WITH_VALUE
