"""Shell completion: the scripts for bash, zsh and fish, and the answers of the full command line.

The scripts complete commands, options and option values themselves, from tables made here
out of the command line's own definition, and start `facts` only where a name is typed; that
request is answered by tab.py with the standard library alone. The classes at the end answer
every request through Typer, for scripts installed by older versions, which ask for all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import typer

# Typer 0.26-0.28 vendor click as typer._click and give its exceptions and completion classes
# no public name (there is no separate click to import). This module is the only one that
# reaches into typer's private modules, so a Typer upgrade is checked here alone.
from typer._click import exceptions as click_exceptions  # noqa: F401 - the command line's error classes

from .tab import NAME_COMMANDS

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


# -- the scripts ----------------------------------------------------------------------------
#
# Each script walks the words before the cursor the same way: options that take a value skip
# it, the first other word is the command, `--` ends the options. Then the word at the cursor
# is an option's value (a fixed list, paths, or nothing), an option, a command, or a name
# after who and when: only a name starts `facts`. bash keeps the order of the names (most
# mentioned first) and falls back to file names when there is no answer; the zsh file works
# autoloaded from $fpath (its name, _facts, is its function's) as well as sourced; fish
# completes paths when there is no answer.


@dataclass(frozen=True, slots=True)
class Option:
    names: tuple[str, ...]
    help: str
    takes_value: bool
    values: tuple[str, ...] = ()  # offered as the value; none: nothing, or paths for --corpus


@dataclass(frozen=True, slots=True)
class Spec:
    """What the scripts complete without asking the program."""

    root_options: tuple[Option, ...]
    commands: tuple[tuple[str, str, tuple[Option, ...]], ...]  # name, help, options

    def value_options(self, command: str = "") -> list[Option]:
        options = self.root_options if not command else next(o for c, _h, o in self.commands if c == command)
        return [o for o in options if o.takes_value]


_INSTALLERS = {
    "install_completion": "Install completion for the current shell.",
    "show_completion": "Show completion for the current shell, to copy it or customize the installation.",
}


def spec(command: Any) -> Spec:
    """The scripts' tables, read from the command line's own definition."""
    import typer.main

    def options(cmd: Any) -> tuple[Option, ...]:
        found = []
        for param in cmd.params:
            if param.param_type_name != "option" or getattr(param, "hidden", False):
                continue
            values: tuple[str, ...] = tuple(getattr(param.type, "choices", None) or ())
            if param.name == "type_":
                from .models import ENTITY_TYPES

                values = tuple(ENTITY_TYPES)
            if param.name in _INSTALLERS:
                # A shell's name follows only where Typer cannot tell the shell: a flag here.
                found.append(Option((*param.opts, *param.secondary_opts), _INSTALLERS[param.name], False))
                continue
            takes = not param.is_flag and not param.count
            found.append(Option((*param.opts, *param.secondary_opts), _one_line(param.help or ""), takes, values))
        found.append(Option(("-h", "--help"), "Show this message and exit.", False))
        return tuple(found)

    root = command if not isinstance(command, typer.Typer) else typer.main.get_command(command)
    commands = tuple(
        (name, _one_line(sub.get_short_help_str(limit=200)), options(sub)) for name, sub in root.commands.items()
    )
    return Spec(options(root), commands)


def _case_words(spec_: Spec) -> list[tuple[str, str]]:
    """(command, option) pairs of options that take a value, for the scripts' case tables."""
    pairs = [("", n) for o in spec_.value_options() for n in o.names]
    for name, _help, opts in spec_.commands:
        pairs += [(name, n) for o in opts if o.takes_value for n in o.names]
    return pairs


def _values(spec_: Spec) -> dict[str, tuple[str, ...]]:
    """Each option with a fixed list of values (the same list in every command)."""
    out: dict[str, tuple[str, ...]] = {}
    for opts in [spec_.root_options, *(o for _c, _h, o in spec_.commands)]:
        for o in opts:
            if o.values:
                for n in o.names:
                    out[n] = o.values
    return out


def _pct(text: str) -> str:
    return text.replace("%", "%%")  # the scripts are %-templates for Typer's installer


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def bash_script(spec_: Spec) -> str:
    value_case = "|".join(f"{c}:{n}" for c, n in _case_words(spec_))
    values = _values(spec_)
    value_lines = "".join(
        f"            {'|'.join(n for n in values if values[n] == v)}) candidates=({' '.join(v)}) ;;\n"
        for v in dict.fromkeys(values.values())
    )
    option_lines = f"            '') candidates=({' '.join(n for o in spec_.root_options for n in o.names)}) ;;\n"
    option_lines += "".join(
        f"            {c}) candidates=({' '.join(n for o in opts for n in o.names)}) ;;\n" for c, _h, opts in spec_.commands
    )
    commands = " ".join(c for c, _h, _o in spec_.commands)
    names = " || ".join(f"$command == {c}" for c in NAME_COMMANDS)
    return _pct(f"""
# bash completion for facts: commands, options and their values from this script; the names
# after {' and '.join(NAME_COMMANDS)} from the index, through facts
""").replace("facts", "%(prog_name)s") + f"""%(complete_func)s() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} command= value_of= dashdash= word i
    local -a candidates=()
    local IFS=$'\\n'
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${{COMP_WORDS[i]}}
        if [[ -n $dashdash || $word == = ]]; then
            continue
        elif [[ -n $value_of ]]; then
            value_of=
            continue
        fi
        case "$command:$word" in
            {_pct(value_case)}) value_of=$word ;;
            ?*:--) dashdash=1 ;;
            *:-?*) ;;
            :*) command=$word ;;
        esac
    done
    [[ $cur == = ]] && cur=
    if [[ -n $value_of ]]; then
        case "$value_of" in
{_pct(value_lines)}            *) return 0 ;;
        esac
    elif [[ -z $dashdash && $cur == -* ]]; then
        case "$command" in
{_pct(option_lines)}            *) return 0 ;;
        esac
    elif [[ -z $command ]]; then
        candidates=({_pct(commands)})
    elif [[ {names} ]]; then
        COMPREPLY=( $( env COMP_WORDS="${{COMP_WORDS[*]}}" COMP_CWORD=$COMP_CWORD \\
                       %(autocomplete_var)s=complete_bash "$1" 2>/dev/null ) )
        return 0
    else
        return 0
    fi
    local candidate
    for candidate in "${{candidates[@]}}"; do
        [[ ${{candidate,,}} == "${{cur,,}}"* ]] && COMPREPLY+=("$candidate")
    done
    return 0
}}

complete -o default -o nosort -F %(complete_func)s %(prog_name)s
"""


def _zsh_item(value: str, help_: str) -> str:
    return _sh_quote(value.replace(":", "\\:") + (":" + help_ if help_ else ""))


def zsh_script(spec_: Spec) -> str:
    value_case = "|".join(f"{c}:{n}" for c, n in _case_words(spec_))
    values = _values(spec_)
    value_lines = "".join(
        f"      ({'|'.join(n for n in values if values[n] == v)}) compadd -M 'm:{{a-zA-Z}}={{A-Za-z}}' -- {' '.join(v)} ;;\n"
        for v in dict.fromkeys(values.values())
    )
    option_lines = "      ('') items=(" + " ".join(_zsh_item(n, o.help) for o in spec_.root_options for n in o.names) + ") ;;\n"
    option_lines += "".join(
        f"      ({c}) items=(" + " ".join(_zsh_item(n, o.help) for o in opts for n in o.names) + ") ;;\n"
        for c, _h, opts in spec_.commands
    )
    commands = " ".join(_zsh_item(c, h) for c, h, _o in spec_.commands)
    names = "|".join(NAME_COMMANDS)
    return f"""#compdef %(prog_name)s
# zsh completion for %(prog_name)s: autoloaded as _%(prog_name)s from a folder on $fpath, or sourced;
# commands, options and their values from this script, the names after {' and '.join(NAME_COMMANDS)} from the index

_%(prog_name)s() {{
  local cur=${{words[CURRENT]}} command= value_of= dashdash= word i
  local -a items
  for (( i = 2; i < CURRENT; i++ )); do
    word=${{words[i]}}
    if [[ -n $dashdash ]]; then
      continue
    elif [[ -n $value_of ]]; then
      value_of=
      continue
    fi
    case "$command:$word" in
      ({_pct(value_case)}) value_of=$word ;;
      (?*:--) dashdash=1 ;;
      (*:-?*) ;;
      (:*) command=$word ;;
    esac
  done
  if [[ -n $value_of ]]; then
    case "$value_of" in
{_pct(value_lines)}      (--corpus|-c) _files ;;
    esac
  elif [[ -z $dashdash && $cur == -* ]]; then
    case "$command" in
{_pct(option_lines)}    esac
    _describe -t options option items
  elif [[ -z $command ]]; then
    items=({_pct(commands)})
    _describe -t commands command items
  elif [[ $command == ({names}) ]]; then
    eval $(env _TYPER_COMPLETE_ARGS="${{words[1,$CURRENT]}}" %(autocomplete_var)s=complete_zsh %(prog_name)s 2>/dev/null)
  else
    _files
  fi
}}

if [[ "${{zsh_eval_context[-1]}}" == loadautofunc ]]; then
  _%(prog_name)s "$@"
else
  compdef _%(prog_name)s %(prog_name)s
fi
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(spec_: Spec) -> str:
    value_case = " ".join(_fish_quote(f"{c}:{n}") for c, n in _case_words(spec_))
    values = _values(spec_)
    value_lines = "".join(
        f"            case {' '.join(_fish_quote(n) for n in values if values[n] == v)}\n"
        f"                printf '%s\\n' {' '.join(v)}\n"
        for v in dict.fromkeys(values.values())
    )

    def items(opts) -> str:
        return " ".join(_fish_quote(f"{n}\t{o.help}") for o in opts for n in o.names)

    option_lines = f"            case ''\n                printf '%s\\n' {items(spec_.root_options)}\n"
    option_lines += "".join(
        f"            case {c}\n                printf '%s\\n' {items(opts)}\n" for c, _h, opts in spec_.commands
    )
    commands = " ".join(_fish_quote(f"{c}\t{h}") for c, h, _o in spec_.commands)
    return f"""# fish completion for %(prog_name)s: commands, options and their values from this script; the
# names after {' and '.join(NAME_COMMANDS)} from the index, in their order, most mentioned first
function __%(prog_name)s_complete
    set -l current (commandline -ct)
    set -l command
    set -l value_of
    set -l dashdash
    for word in (commandline -opc)[2..-1]
        if test -n "$dashdash"
            continue
        else if test -n "$value_of"
            set value_of
            continue
        end
        switch "$command:$word"
            case {_pct(value_case)}
                set value_of $word
            case '?*:--'
                set dashdash 1
            case '*:-?*'
            case ':*'
                set command $word
        end
    end
    if test -n "$value_of"
        switch $value_of
{_pct(value_lines)}            case '*'
                __fish_complete_path $current
        end
    else if test -z "$dashdash"; and string match -q -- '-*' $current
        switch "$command"
{_pct(option_lines)}        end
    else if test -z "$command"
        printf '%%s\\n' {_pct(commands)}
    else if contains -- $command {' '.join(NAME_COMMANDS)}
        set -l answer (env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s 2>/dev/null)
        if string length -q -- $answer
            printf '%%s\\n' $answer
        else
            __fish_complete_path $current
        end
    else
        __fish_complete_path $current
    end
end

complete --command %(prog_name)s --no-files --keep-order --arguments '(__%(prog_name)s_complete)'
"""


def scripts(command: Any) -> dict[str, str]:
    """The three scripts as %-templates, the way Typer's installer and click fill them in."""
    tables = spec(command)
    return {"bash": bash_script(tables), "zsh": zsh_script(tables), "fish": fish_script(tables)}


def use_shell_completion(command: Any) -> None:
    """Answer completion requests with the classes below, and print or install the scripts
    above (`_FACTS_COMPLETE=source_zsh`, --show-completion, --install-completion).

    Call after typer.main.get_command, which registers Typer's own classes.
    """
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class

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
