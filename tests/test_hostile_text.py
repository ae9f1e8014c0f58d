"""Article text and queries are data: markup shows literally, escape sequences never reach the
terminal, and odd queries find something or nothing, never crash."""

from __future__ import annotations

import json
import re

import pytest

from factlookup.output.sanitize import clean, one_line

HOSTILE = (
    "Evil [bold]Title[/bold] \x1b]0;pwned\x07\n\n"
    "The [bold red]minister[/] Anna Berg visited [link=http://x]Geneva[/link] on 2022-03-01. "
    "Then \x1b[31mred\x1b[0m text and \x1b]8;;http://evil.example\x1b\\a link\x1b]8;;\x1b\\ met Anna Berg in Oslo on 2022-03-02. "
    "A bell \x07, a backspace \x08, a \x9b31m C1 escape and a carriage \r return reached Anna Berg in Lisbon on 2022-03-03. "
    "Emoji :smile: and :thumbs_up: stay as typed.\n"
)

# Sequences that would move the cursor, set the title, open a link, ring or overwrite.
FORBIDDEN = ("\x1b]", "\x07", "\x08", "\r", "\x9b", "\x1b[31mred")

COMMANDS = [
    ["search", "minister"],
    ["search", "link"],
    ["search", "bell"],
    ["when"],
    ["who"],
    ["who", "Anna Berg"],
]


@pytest.fixture
def hostile(corpus):
    return corpus({"evil [red]x[bold].txt": HOSTILE, "plain.txt": "Calm\n\nNothing to see in Geneva.\n"})


def _assert_inert(text: str, colors: bool, c1: bool = True) -> None:
    for seq in FORBIDDEN if c1 else [s for s in FORBIDDEN if s != "\x9b"]:
        assert seq not in text, (seq, text)
    if not colors:
        assert "\x1b" not in text, text
    # Any remaining escape is one Rich wrote for its own styles: SGR only, nothing else.
    for match in re.finditer(r"\x1b(.)", text):
        assert match.group(1) == "["
    assert not re.search(r"\x1b\[[0-9;]*[^0-9;m]", text)
    assert not re.search(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]" if c1 else r"[\x00-\x08\x0b-\x1a\x1c-\x1f]", text)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("colors", [False, True], ids=["no-color", "color"])
def test_table_shows_markup_literally_and_strips_escapes(facts, hostile, args, colors) -> None:
    result = facts(*args, "--corpus", hostile, "--format", "table", tty=True, width=100, colors=colors)
    assert result.code == 0, result.err
    _assert_inert(result.out, colors)
    _assert_inert(result.err, colors=False)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.out)
    if args[0] == "search" and args[1] == "minister":
        assert "[bold red]minister[/]" in plain
        assert "[link=http://x]Geneva[/link]" in plain
        assert "Evil [bold]Title[/bold]" in plain
    if args[0] == "search" and args[1] == "link":
        assert "Then red text and a link met" in " ".join(plain.split())


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_tsv_strips_escapes_and_keeps_one_row_per_line(facts, hostile, args) -> None:
    result = facts(*args, "--corpus", hostile, "--format", "plain")
    assert result.code == 0, result.err
    _assert_inert(result.out, colors=False)
    for line in result.out.splitlines():
        assert line == line.strip("\r")
    if args == ["search", "minister"]:
        row = result.out.splitlines()[0].split("\t")
        assert row[1] == "evil [red]x[bold]"
        assert row[-1] == "The [bold red]minister[/] Anna Berg visited [link=http://x]Geneva[/link] on 2022-03-01."


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["--json", "--nl"])
def test_json_escapes_control_characters(facts, hostile, args, fmt) -> None:
    result = facts(*args, "--corpus", hostile, fmt)
    assert result.code == 0, result.err
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", result.out)
    docs = [json.loads(line) for line in result.out.splitlines()] if fmt == "--nl" else [result.json]
    assert docs
    if args == ["search", "link"] and fmt == "--json":
        # JSON carries the article's text exactly; escaping keeps it inert.
        assert any("\x1b]8;;http://evil.example" in hit["text"] for hit in result.json)


def test_warnings_naming_hostile_files_are_cleaned(facts, corpus) -> None:
    root = corpus({"good.txt": "Good\n\nThe parliament met.\n", "\x1b]0;owned\x07 [bold]x.txt": b"\x00\x01"})
    result = facts("search", "parliament", "--corpus", root)
    assert result.code == 0
    _assert_inert(result.err, colors=False)
    assert "[bold]x.txt: binary file" in result.err


QUERIES = [
    "[bold]minister[/bold]",
    "[link=http://x]Geneva[/link]",
    "\x1b[31mminister",
    "\x1b]0;title\x07Geneva",
    "\x07\x08\r",
    "Geneva" + "\x1b]8;;http://evil\x1b\\",
    "ОДКБ",
    "Москва ОДКБ Geneva",
    "🙂",
    "🇰🇿 Geneva",
    "👩‍👩‍👧 minister",
    "!",
    "?",
    "-",
    '"',
    '"-"',
    "*",
    "'",
    "(",
    "^minister",
    "col:minister",
    "minister*",
    "NEAR(minister Geneva)",
    "AND",
    "OR NOT",
    "\u0301",
    "İstanbul ß",
    "\ufffd",
    "x" * 10_000,
    "word " * 2_000,
    "Geneva minister " * 150,
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q[:20]))
@pytest.mark.parametrize("command", ["search", "who", "when"])
def test_odd_queries_find_something_or_nothing(facts, hostile, query: str, command: str) -> None:
    for fmt in (["--json"], ["--format", "table"], ["--format", "plain"]):
        result = facts(command, "--corpus", hostile, *fmt, "--", query, tty=fmt[-1] == "table", width=90)
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err
        _assert_inert(result.out, colors=False)
        _assert_inert(result.err, colors=False)
        if fmt == ["--json"]:
            json.loads(result.out or "null")


def test_markup_query_finds_the_literal_words(facts, hostile) -> None:
    result = facts("search", "--corpus", hostile, "--json", "--", "[bold]minister[/bold]")
    assert result.code == 0
    assert "minister" in result.json[0]["text"]


def test_empty_queries(facts, hostile) -> None:
    assert facts("search", "--corpus", hostile, "--", "").code == 2  # nothing to search for
    assert facts("search", "--corpus", hostile, "--", "   ").err == "facts: error: search needs a query\n"
    assert facts("who", "--corpus", hostile, "--", "").code == 0  # the list of everyone
    assert facts("when", "--corpus", hostile, "--", "").code == 0  # the whole timeline


def test_other_scripts_in_articles_are_searchable(facts, corpus) -> None:
    root = corpus({
        "ru.txt": "Саммит\n\nСаммит ОДКБ прошёл в Москве 2022-01-10.\n",
        "emoji.txt": "Party\n\nThe crowd 🎉 cheered in Almaty 🇰🇿 on 2022-01-06.\n",
    })
    result = facts("search", "ОДКБ", "--corpus", root, "--json")
    assert result.code == 0
    assert result.json[0]["text"] == "Саммит ОДКБ прошёл в Москве 2022-01-10."
    table = facts("search", "cheered", "--corpus", root, "--format", "table", tty=True, width=60)
    assert table.code == 0
    assert "🎉" in table.out


# -- the sanitiser itself ------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[1;2;3;4;5;6;7;8;9;10;11;12mx", "x"),
        ("\x1b]0;title\x07after", "after"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1bPdevice\x1b\\x", "x"),
        ("a\x9b2Jb", "ab"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("bell\x07 bs\x08 cr\r del\x7f", "bell bs cr del"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),
        ("\x1b", ""),
        ("\x1b]unterminated", ""),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_one_line_joins_lines() -> None:
    assert one_line("a\r\nb\x1b[2K\tc") == "a b c"


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `facts` with its stdout on a pseudo-terminal; (exit status, what the terminal got)."""
    import os
    import pty
    import subprocess

    from conftest import facts_command

    master, slave = pty.openpty()
    child = subprocess.Popen(facts_command() + args, env=env, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the child has closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    code = child.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.parametrize("colour", [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "dumb"}, {"TERM": "xterm-256color"}])
def test_real_terminal_output(hostile, tmp_path, colour: dict[str, str]) -> None:
    from conftest import child_env

    env = child_env(tmp_path / "cache", COLUMNS="80", **colour)
    if "NO_COLOR" not in colour:
        env.pop("NO_COLOR", None)
    code, shown = _on_a_terminal(["search", "minister", "--corpus", str(hostile)], env)
    assert code == 0
    coloured = "NO_COLOR" not in colour and colour["TERM"] != "dumb"
    _assert_inert(shown.replace("\r\n", "\n"), colors=coloured)
    if coloured:
        assert "\x1b[" in shown  # the table is styled, the article text is not
    assert "[bold red]minister[/]" in re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert max(len(line) for line in re.sub(r"\x1b\[[0-9;]*m", "", shown).splitlines()) <= 80
