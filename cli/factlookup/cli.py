"""The `facts` command line: parse, call the command module, return its exit status."""

# No `from __future__ import annotations` here: Typer would evaluate every annotation string
# again each time it builds the command, ~3 ms on every call and every TAB.

import os
import re
import sys
from typing import Annotated, Literal, Optional

import typer

from .env import Environment
from .status import ExitStatus, FactsError

# The output formats' names; the Format enum itself lives with the renderers, which are
# imported only when something is printed (not on every TAB of shell completion).
FormatName = Literal["auto", "table", "plain", "json", "nl"]

app = typer.Typer(
    name="facts",
    help="Look up who, when and where in a folder of news articles.",
    epilog="Example: facts who Tokayev",
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Options shared by every command, defined once.
CorpusOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--corpus",
        "-c",
        help="Article file or folder (repeatable). Default: $FACTS_CORPUS, else the bundled seeds.",
        metavar="PATH",
        shell_complete=None,
    ),
]
LockTimeoutOption = Annotated[
    Optional[float],
    typer.Option(
        "--lock-timeout",
        help="Seconds to wait for another process's build of the same index. Default: $FACTS_LOCK_TIMEOUT, else 600.",
        metavar="SECONDS",
        min=0,
    ),
]
KeepDuplicatesOption = Annotated[
    bool,
    typer.Option(
        "--keep-duplicates",
        help="Index every copy of a story; by default later copies (same or nearly the same text) fold into the earliest.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
NlOption = Annotated[bool, typer.Option("--nl", help="Print JSON Lines: one object per line.")]
FormatOption = Annotated[
    FormatName, typer.Option("--format", help="Output format; auto is a table on a terminal, tab-separated otherwise.")
]
ChartOption = Annotated[
    bool, typer.Option("--chart", help="Draw how many fall in each day, week, month or year; with --json, the counts.")
]
FromOption = Annotated[Optional[str], typer.Option("--from", help="Only dates on or after this (YYYY[-MM[-DD]]).", metavar="DATE")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Only dates on or before this (YYYY[-MM[-DD]]).", metavar="DATE")]


def _env(ctx: typer.Context, lock_timeout: float | None = None, keep_duplicates: bool = False) -> Environment:
    root = ctx.find_root()
    env = root.obj if isinstance(root.obj, Environment) else Environment.from_system()
    if lock_timeout is None:
        lock_timeout = root.meta.get("facts.lock_timeout")
    if lock_timeout is not None:
        env.lock_timeout = lock_timeout
    env.keep_duplicates = keep_duplicates or bool(root.meta.get("facts.keep_duplicates"))
    return env


def _corpus(ctx: typer.Context, corpus: list[str] | None) -> list[str] | None:
    return corpus or ctx.find_root().meta.get("facts.corpus") or None


def _format(json_: bool, nl: bool, fmt: str):
    from .output.render import Format

    if json_ and nl:
        raise FactsError("choose one of --json and --nl")
    if json_:
        return Format.json
    if nl:
        return Format.nl
    return Format(fmt)


def _date(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):  # compiled only when a date is given
        raise FactsError(f"{option} takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    from datetime import date

    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise FactsError(f"{option} {value} is not a real date") from None
    return value


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while a TAB is being completed
        from . import __version__

        typer.echo(f"facts {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    corpus: CorpusOption = None,
    lock_timeout: LockTimeoutOption = None,
    keep_duplicates: KeepDuplicatesOption = False,
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True, callback=_show_version)
    ] = False,
) -> None:
    """Look up who, when and where in a folder of news articles."""
    ctx.meta["facts.corpus"] = corpus
    ctx.meta["facts.lock_timeout"] = lock_timeout
    ctx.meta["facts.keep_duplicates"] = keep_duplicates


@app.command(epilog='Example: facts who Tokayev')
def who(
    ctx: typer.Context,
    name: Annotated[Optional[list[str]], typer.Argument(help="A name, alias or question; none lists every entity.", show_default=False)] = None,
    type_: Annotated[Optional[list[str]], typer.Option("--type", "-t", help="Only this type (repeatable): person, organization, place, group, other.", metavar="TYPE")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many rows or evidence sentences.", min=1)] = None,
    chart: ChartOption = False,
    corpus: CorpusOption = None,
    lock_timeout: LockTimeoutOption = None,
    keep_duplicates: KeepDuplicatesOption = False,
    json_: JsonOption = False,
    nl: NlOption = False,
    fmt: FormatOption = "auto",
) -> ExitStatus:
    """Who is this: full name, type, aliases, roles and where each is said."""
    from .commands import who as command

    types = _types(type_)
    status = command.run(
        _env(ctx, lock_timeout, keep_duplicates), " ".join(name or []), _corpus(ctx, corpus), _format(json_, nl, fmt), types, limit, chart
    )
    return status


def _types(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    # Imported here: models builds its record classes, which no TAB of completion needs.
    from .models import ENTITY_TYPES

    out = []
    for v in values:
        for part in v.split(","):
            part = part.strip().lower()
            if part == "organisation":
                part = "organization"
            if part not in ENTITY_TYPES:
                raise FactsError(f"--type takes one of {', '.join(ENTITY_TYPES)}, not {part!r}")
            out.append(part)
    return out


@app.command(epilog='Example: facts when Tokayev')
def when(
    ctx: typer.Context,
    query: Annotated[Optional[list[str]], typer.Argument(help="An entity or a phrase; none gives the whole timeline.", show_default=False)] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    anchor: Annotated[Optional[str], typer.Option("--anchor", help="Reference date for articles without one (YYYY[-MM[-DD]]).", metavar="DATE")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many events.", min=1)] = None,
    dated_only: Annotated[
        bool, typer.Option("--dated-only", help="Only sentences that say a date; none dated by the article's publication.")
    ] = False,
    chart: ChartOption = False,
    corpus: CorpusOption = None,
    lock_timeout: LockTimeoutOption = None,
    keep_duplicates: KeepDuplicatesOption = False,
    json_: JsonOption = False,
    nl: NlOption = False,
    fmt: FormatOption = "auto",
) -> ExitStatus:
    """When did it happen: a dated timeline, dates normalised to ISO.
    """
    from .commands import when as command

    status = command.run(
        _env(ctx, lock_timeout, keep_duplicates),
        " ".join(query or []),
        _corpus(ctx, corpus),
        _format(json_, nl, fmt),
        _date("--from", date_from),
        _date("--to", date_to),
        _date("--anchor", anchor),
        limit,
        dated_only,
        chart,
    )
    return status


@app.command(epilog='Example: facts search "shoot to kill"')
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help='Words, "quoted phrases", -excluded words.', show_default=False)],
    article: Annotated[Optional[str], typer.Option("--article", help="Only this article id.", metavar="ID")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many sentences.", min=1)] = 20,
    corpus: CorpusOption = None,
    lock_timeout: LockTimeoutOption = None,
    keep_duplicates: KeepDuplicatesOption = False,
    json_: JsonOption = False,
    nl: NlOption = False,
    fmt: FormatOption = "auto",
) -> ExitStatus:
    """Where is it said: sentences ranked best first, typos forgiven.
    """
    from .commands import search as command

    text = " ".join(query)
    if not text.strip():
        raise FactsError("search needs a query")
    status = command.run(
        _env(ctx, lock_timeout, keep_duplicates), text, _corpus(ctx, corpus), _format(json_, nl, fmt), limit, article,
        _date("--from", date_from), _date("--to", date_to),
    )
    return status


@app.command(epilog='Example: facts index --rebuild')
def index(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the index again from the articles.")] = False,
    scheduler: Annotated[
        Optional[str],
        typer.Option(
            "--scheduler", metavar="ADDRESS",
            help="Extract on the Dask cluster of this scheduler (tcp://HOST:PORT) and bring the index up to date. "
            "Default: $FACTS_SCHEDULER, else local worker processes.",
        ),
    ] = None,
    corpus: CorpusOption = None,
    lock_timeout: LockTimeoutOption = None,
    keep_duplicates: KeepDuplicatesOption = False,
    json_: JsonOption = False,
    nl: NlOption = False,
    fmt: FormatOption = "auto",
) -> ExitStatus:
    """Show the index's state, or rebuild it.
    """
    from .commands import index as command

    status = command.run(_env(ctx, lock_timeout, keep_duplicates), _corpus(ctx, corpus), _format(json_, nl, fmt), rebuild, scheduler)
    return status


def run(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the command line and return the exit status; never raises, never prints a traceback."""
    from typer import exceptions as typer_exceptions

    from .completion import click_exceptions

    env = env or Environment.from_system()
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(_app_for(args))
    if os.environ.get("_FACTS_COMPLETE") or any(a.startswith(("--install-completion", "--show-completion")) for a in args):
        from .completion import use_shell_completion

        use_shell_completion(command)  # after get_command, which registers Typer's own
    try:
        status = command.main(args=_search_words_last(command, args), prog_name="facts", obj=env, standalone_mode=False)
        return int(status) if isinstance(status, int) else int(ExitStatus.FOUND)
    except typer_exceptions.Exit as exc:
        return exc.exit_code
    except click_exceptions.NoArgsIsHelpError as exc:
        env.stdout.write(exc.ctx.get_help() + "\n")
        return int(ExitStatus.FOUND)
    except click_exceptions.UsageError as exc:
        env.error(_usage_sentence(exc))
        return int(ExitStatus.ERROR)
    except click_exceptions.ClickException as exc:
        env.error(exc.format_message())
        return int(ExitStatus.ERROR)
    except (typer_exceptions.Abort, KeyboardInterrupt):
        _quiet_stdout()
        return int(ExitStatus.INTERRUPTED)
    except FactsError as exc:
        env.error(str(exc))
        return int(ExitStatus.ERROR)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitStatus.FOUND)
    except SystemExit as exc:
        # Typer turns a closed pipe (`facts when | head -1`) into sys.exit(1): the reader has
        # all it wanted, so this is not a failure.
        if isinstance(exc.__context__, BrokenPipeError):
            _quiet_stdout()
            return int(ExitStatus.FOUND)
        raise
    except Exception as exc:  # the last line of defence: one sentence, no traceback
        if os.environ.get("FACTS_DEBUG"):
            raise
        env.error(f"unexpected {type(exc).__name__}: {exc}")
        return int(ExitStatus.ERROR)


# The options before the command that take a value (tests/test_cli.py checks this list
# against the built command line).
MAIN_OPTIONS_WITH_VALUE = frozenset({"--corpus", "-c", "--lock-timeout"})


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command this call runs, when that is plain to see.

    Typer reads every command's signature to build its parameters, about a millisecond
    each; a call runs one. Help, completion and a mistyped command get the whole app, so
    they still see and list every command.
    """
    if os.environ.get("_FACTS_COMPLETE") or any(a in ("-h", "--help") or a.startswith("--") and "completion" in a for a in args):
        return app
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] in MAIN_OPTIONS_WITH_VALUE:
            i += 1
        i += 1
    if i >= len(args):
        return app
    wanted = [c for c in app.registered_commands if typer.main.get_command_name(c.name or c.callback.__name__) == args[i]]
    if not wanted:
        return app
    from copy import copy

    one = copy(app)
    one.registered_commands = wanted
    return one


def _search_words_last(command, args: list[str]) -> list[str]:
    """Let `facts search talks -geneva` mean: exclude "geneva".

    A dash word that is not one of search's options is a query word: it moves, with the
    other query words, after a `--`, so the parser neither rejects it nor reads its letters
    as short options.
    """
    position = _command_position(command, args)
    if position is None or args[position] != "search" or "--" in args:
        return args
    search = command.commands["search"]
    takes_value = {o for p in search.params if not getattr(p, "is_flag", False) for o in p.opts}
    known = {o for p in search.params for o in (*p.opts, *p.secondary_opts)} | {"-h", "--help"}
    options: list[str] = []
    words: list[str] = []
    rest = args[position + 1 :]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name = arg.split("=", 1)[0]
        if arg.startswith("-") and name in known:
            options.append(arg)
            if name in takes_value and "=" not in arg and i + 1 < len(rest):
                options.append(rest[i + 1])
                i += 1
        else:
            words.append(arg)
        i += 1
    return [*args[: position + 1], *options, "--", *words]


def _command_position(command, args: list[str]) -> int | None:
    takes_value = {o for p in command.params if not getattr(p, "is_flag", False) for o in p.opts}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            return i
        if arg.split("=", 1)[0] in takes_value and "=" not in arg:
            i += 1
        i += 1
    return None


def _usage_sentence(exc) -> str:
    message = exc.format_message().strip().rstrip(".")
    command = exc.ctx.command_path if getattr(exc, "ctx", None) else "facts"
    return f"{message} (see '{command} --help')"


def _quiet_stdout() -> None:
    # Further writes to a closed pipe would raise again at interpreter exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
