"""Shell completion: entity names from the cached index, and the shells' answer formats.

Every TAB starts the program, so this path stays lean: it reads the cached index as it is
(never builds it, never checks it against the corpus) and imports only sqlite3 beyond what
the command line itself needs. Names match on any word of any name or alias of an entity:
`Tok` offers `Tokayev`, `Jom` offers `Kasym-Jomart Tokayev`. Earlier words on the line
continue a name: after `Nikol`, `Pa` completes to `Pashinyan`, so names with spaces work in
bash, whose words split on spaces (zsh and fish insert them as one escaped word).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
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
    before = _words_before(ctx)
    db = _open(_corpus_on_line(ctx))
    if db is None:
        return []
    try:
        from .query.names import name_completions

        return name_completions(db, before, incomplete)
    except Exception:  # a damaged or foreign file: complete nothing rather than fail a TAB
        return []
    finally:
        db.close()


def _open(corpus: list[str] | None):
    """The cached index for the corpus, read-only, or None: nothing is built, checked or created.

    The file is found as index.resolve finds it (tests hold the two to the same answer)
    without importing the corpus loader and the store, which cost more than the rest of a
    TAB. A file from an older schema either still has names and entities, or the query
    fails and nothing is completed.
    """
    try:
        path = index_file(corpus)
        if not path.is_file():
            return None
        import sqlite3

        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except Exception:
        return None


def index_file(corpus: list[str] | None) -> Path:
    """Where the index of this corpus is cached: corpus.corpus_roots and store.locate, lean."""
    paths = corpus
    if not paths:
        value = os.environ.get("FACTS_CORPUS", "").strip()
        paths = [p for p in value.split(os.pathsep) if p] if value else []
    if paths:
        roots: list[str] = []
        for raw in paths:
            path = Path(raw).expanduser()
            if not path.exists():
                raise FileNotFoundError(raw)
            resolved = str(path.resolve())
            if resolved not in roots:
                roots.append(resolved)
    else:
        here = Path(__file__).resolve().parent
        seeds = [c for c in (here / "seeds", here.parent.parent / "seeds") if c.is_dir()]
        if not seeds:
            raise FileNotFoundError("seeds")
        roots = [str(seeds[0])]
    try:
        from _sha1 import sha1  # the same digest as hashlib's, without loading OpenSSL
    except ImportError:
        from hashlib import sha1
    digest = sha1("\0".join(roots).encode()).hexdigest()[:16]
    return _cache_dir() / f"index-{digest}.sqlite"


def _cache_dir() -> Path:
    override = os.environ.get("FACTS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        # platformdirs' answer on Linux, without its import (~15 ms)
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg if xdg else os.path.expanduser("~/.cache")) / "factlookup"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("factlookup", appauthor=False))


def _words_before(ctx: typer.Context) -> list[str]:
    param = NAME_ARGUMENTS.get(ctx.info_name or "")
    values = ctx.params.get(param) if param and ctx.params else None
    return [str(v) for v in values or ()]


def _corpus_on_line(ctx: typer.Context) -> list[str] | None:
    seen: list[str] = []
    node = ctx
    while node is not None:
        value = node.params.get("corpus") if node.params else None
        if value:
            seen.extend(value)
        node = node.parent
    return seen or None


# -- the shells' side ---------------------------------------------------------------------
#
# Typer keeps only candidates that start with the typed text, case and all, which would drop
# `Kasym-Jomart Tokayev` for `Tok`; and it renders help text through rich for zsh and fish,
# +70 ms per TAB. The classes below answer the same requests in the same formats as Typer's
# own, so a script installed by an older version keeps working, without either.
#
# The scripts: bash keeps the order of the answer (most mentioned first) and falls back to
# file names when there is none; the zsh file works autoloaded from $fpath (its name, _facts,
# is its function's) as well as sourced; fish asks once per TAB instead of twice, and
# completes paths when there is no answer.

BASH_SCRIPT = r"""
# bash completion for %(prog_name)s
%(complete_func)s() {
    local IFS=$'\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
                   %(autocomplete_var)s=complete_bash "$1" 2>/dev/null ) )
    return 0
}

complete -o default -o nosort -F %(complete_func)s %(prog_name)s
"""

ZSH_SCRIPT = r"""
#compdef %(prog_name)s
# zsh completion for %(prog_name)s: autoloaded as _%(prog_name)s from a folder on $fpath, or sourced

_%(prog_name)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s 2>/dev/null)
}

if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _%(prog_name)s "$@"
else
  compdef _%(prog_name)s %(prog_name)s
fi
"""

FISH_SCRIPT = r"""
# fish completion for %(prog_name)s: answers keep their order, most mentioned names first
function __%(prog_name)s_complete
    set -l answer (env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s 2>/dev/null)
    if string length -q -- $answer
        printf '%%s\n' $answer
    else
        __fish_complete_path (commandline -ct)
    end
end

complete --command %(prog_name)s --no-files --keep-order --arguments '(__%(prog_name)s_complete)'
"""

SCRIPTS = {"bash": BASH_SCRIPT, "zsh": ZSH_SCRIPT, "fish": FISH_SCRIPT}


def use_shell_completion() -> None:
    """Answer completion requests with the classes below, and print or install the scripts
    above (`_FACTS_COMPLETE=source_zsh`, --show-completion, --install-completion).

    Call after typer.main.get_command, which registers Typer's own classes.
    """
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class

    _completion_shared._completion_scripts.update(SCRIPTS)
    for name, cls in zip(("bash", "zsh", "fish"), _classes()):
        add_completion_class(cls, name)


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
        source_template = BASH_SCRIPT

        def get_completions(self, args, incomplete):
            return get_completions(self, args, incomplete)

        def format_completion(self, item: CompletionItem) -> str:
            return _BASH_SPECIAL.sub(r"\\\1", item.value)

    class Zsh(ZshComplete):
        source_template = ZSH_SCRIPT

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
        source_template = FISH_SCRIPT

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
