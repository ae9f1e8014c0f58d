"""The completion scripts for bash, zsh and fish, made from the command line's own definition.

Imported only to print or install them (`_FACTS_COMPLETE=source_bash`, --install-completion,
scripts/generate_completions.py), never by a query or a TAB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .tab import NAME_COMMANDS

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


def _one_line(text: str) -> str:
    return " ".join(text.split())
