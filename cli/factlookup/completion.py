"""Shell completion through the full command line: installing the scripts, and answers.

The scripts (completion_scripts.py) complete commands, options and option values themselves
and start `facts` only where a name is typed; that request is answered by tab.py with the
standard library alone. The classes here answer every request through Typer, for scripts
installed by older versions, which ask for all.
"""

from __future__ import annotations

import re
from typing import Any

import typer

# Typer 0.26-0.28 vendor click as typer._click and give its exceptions and completion classes
# no public name (there is no separate click to import). This module is the only one that
# reaches into typer's private modules, so a Typer upgrade is checked here alone.
from typer._click import exceptions as click_exceptions  # noqa: F401 - the command line's error classes

# The arguments that take an entity name, by command.
NAME_ARGUMENTS = {"who": "name", "when": "query"}
# Characters bash would read as syntax in an inserted name; spaces stay as they are, since
# `who` and `when` join their words with spaces again.
_BASH_SPECIAL = re.compile(r"""([\\'"`$!&;|<>(){}\[\]*?#~])""")


def complete_names(ctx: typer.Context, args: list[str] | None, incomplete: str) -> list[str]:
    """Names for the word being typed, given the name words typed before it on the line."""
    from .tab import complete_names as names

    return names(_corpus_on_line(ctx), _words_before(ctx), incomplete)


def _words_before(ctx: typer.Context) -> list[str]:
    param = NAME_ARGUMENTS.get(ctx.info_name or "")
    values = ctx.params.get(param) if param and ctx.params else None
    return [str(v) for v in values or ()]


def _corpus_on_line(ctx: typer.Context) -> list[str] | None:
    """The command's --corpus, else the one before the command: as a query reads them."""
    node = ctx
    while node is not None:
        value = node.params.get("corpus") if node.params else None
        if value:
            return list(value)
        node = node.parent
    return None


def use_shell_completion(command: Any) -> None:
    """Answer completion requests with the classes below, and print or install the scripts
    above (`_FACTS_COMPLETE=source_zsh`, --show-completion, --install-completion).

    Call after typer.main.get_command, which registers Typer's own classes.
    """
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class

    from .completion_scripts import scripts

    templates = scripts(command)
    _completion_shared._completion_scripts.update(templates)
    for name, cls in zip(("bash", "zsh", "fish"), _classes()):
        cls.source_template = templates[name]
        add_completion_class(cls, name)


# -- the full command line's answers ------------------------------------------------------------
#
# Typer keeps only candidates that start with the typed text, case and all, which would drop
# `Kasym-Jomart Tokayev` for `Tok`; and it renders help text through rich for zsh and fish,
# +70 ms per TAB. The classes below answer the same requests in the same formats as Typer's
# own, without either.


def _classes():
    from typer._click.shell_completion import CompletionItem, _resolve_context, _resolve_incomplete
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        if _is_name_argument(ctx, obj):
            return [CompletionItem(v, type="name") for v in complete_names(ctx, args, incomplete)]
        if getattr(obj, "name", None) == "type_":
            typed = incomplete.lower()
            from .models import ENTITY_TYPES

            return [CompletionItem(t) for t in ENTITY_TYPES if t.startswith(typed)]
        return obj.shell_complete(ctx, incomplete)

    class Bash(BashComplete):
        def get_completions(self, args, incomplete):
            return get_completions(self, args, incomplete)

        def format_completion(self, item: CompletionItem) -> str:
            return _BASH_SPECIAL.sub(r"\\\1", item.value)

    class Zsh(ZshComplete):
        def get_completions(self, args, incomplete):
            return get_completions(self, args, incomplete)

        def format_completion(self, item: CompletionItem) -> str:
            value = f'"{_zsh_escape(item.value)}"'
            if item.help:
                return f'{value}:"{_zsh_escape(_one_line(item.help))}"'
            return value

        def complete(self) -> str:
            items = self.get_completions(*self.get_completion_args())
            if items and all(item.type == "name" for item in items):
                # Names are already matched (on any word, any case): zsh must not filter
                # them again by prefix, and keeps their order, most mentioned first.
                return "compadd -U -V names -- " + " ".join(_zsh_quote(item.value) for item in items)
            if not items:
                return "_files"
            return "_arguments '*: :((" + "\n".join(map(self.format_completion, items)) + "))'"

    class Fish(FishComplete):
        def get_completions(self, args, incomplete):
            return get_completions(self, args, incomplete)

        def format_completion(self, item: CompletionItem) -> str:
            if item.help:
                return f"{item.value}\t{_one_line(item.help)}"
            return item.value

    return Bash, Zsh, Fish


def _is_name_argument(ctx: typer.Context, obj: Any) -> bool:
    param = NAME_ARGUMENTS.get(ctx.info_name or "")
    return param is not None and getattr(obj, "name", None) == param and getattr(obj, "param_type_name", "") == "argument"


def _zsh_escape(s: str) -> str:
    # A value or description in `_arguments '*: :(("value":"help"))'`: inside '...' for the
    # shell, then inside "..." for _arguments, where a colon separates value and help.
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return s.replace(":", r"\\:").replace("'", "'\\''")


def _zsh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def _one_line(text: str) -> str:
    return " ".join(text.split())
