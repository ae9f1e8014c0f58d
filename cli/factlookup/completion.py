"""Shell completion: entity names from the cached index, and the shells' answer formats.

Every TAB starts the program, so this path stays lean: it reads the cached index as it is
(never builds it, never checks it against the corpus) and imports only sqlite3 beyond what
the command line itself needs. Names match on any word: `Tok` offers `Tokayev` and
`Kasym-Jomart Tokayev`. Earlier words on the line continue a name: after `Nikol`, `Pa`
completes to `Pashinyan`, so names with spaces work in bash, whose words split on spaces.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import typer

# The arguments that take an entity name, by command.
NAME_ARGUMENTS = {"who": "name", "when": "query"}
# At most this many names per TAB: more is a screenful nobody reads.
LIMIT = 50
# At most this many index rows are looked at per TAB, best known first.
SCAN = 5000

_SPLIT = re.compile(r"[\s\-‐‑–]+")
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
        return name_completions(db, before, incomplete)
    except Exception:  # a damaged or foreign file: complete nothing rather than fail a TAB
        return []
    finally:
        db.close()


def name_completions(db: Any, before: list[str], incomplete: str, limit: int = LIMIT) -> list[str]:
    """Completions for `incomplete`, which follows the name words `before`, most mentioned first.

    With nothing before it, a name matches when any of its words (hyphenated parts too)
    starts with the typed text, and the whole name is offered. After earlier words that
    begin or continue a name, the rest of that name from the current word on is offered.
    """
    typed = _fold(incomplete).split()
    partial = "" if (not incomplete or incomplete[-1].isspace()) else (typed.pop() if typed else "")
    earlier = [_fold(word) for arg in before for word in arg.split()] + typed
    inner = len(typed)  # words of this same argument before its last one (escaped spaces)
    rows = _candidates(db, partial or (earlier[-1] if earlier else ""))
    out = _collect(rows, limit, lambda surface: _match(surface, earlier, inner, partial))
    if not out and earlier and partial:
        # Earlier words that are not part of any name ("who is Tok"): this word alone.
        out = _collect(rows, limit, lambda surface: _match(surface, [], 0, partial, whole=False))
    return out


def _collect(rows: list[str], limit: int, match) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for surface in rows:
        for value in match(surface):
            if value not in seen:
                seen.add(value)
                out.append(value)
        if len(out) >= limit:
            break
    return out[:limit]


def _match(surface: str, earlier: list[str], inner: int, partial: str, whole: bool = True) -> list[str]:
    words = surface.split()
    folded = [_fold(w) for w in words]
    if not earlier:
        if whole:
            parts = _SPLIT.split(_fold(surface))
            return [surface] if any(p.startswith(partial) for p in parts if p) else []
        return [" ".join(words[i:]) for i, w in enumerate(folded) if w.startswith(partial)][:1]
    found = []
    n = len(earlier)
    # The earlier words must be whole words of the name, in order; the partial one starts
    # the next word (or, with nothing typed yet, any next word will do).
    for start in range(len(words) - n):
        if folded[start : start + n] == earlier and folded[start + n].startswith(partial):
            found.append(" ".join(words[start + n - inner :]))
    return found


def _candidates(db: Any, word: str) -> list[str]:
    """Names and aliases containing the word, most mentioned entity first.

    LIKE narrows the rows in SQLite (case-insensitive for ASCII; the key column holds the
    names without accents); the exact test, accents and case folded, is made in Python.
    """
    sql = "SELECT n.surface FROM names n JOIN entities e ON e.id = n.entity"
    params: list[Any] = []
    if word:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql += " WHERE n.surface LIKE ? ESCAPE '\\' OR n.key LIKE ? ESCAPE '\\'"
        params += [pattern, "%" + _ascii(pattern[1:])]
    sql += " ORDER BY e.mentions DESC, n.canonical DESC, n.surface LIMIT ?"
    params.append(SCAN)
    return [surface for (surface,) in db.execute(sql, params) if surface]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ascii(text: str) -> str:
    return text.encode("ascii", "ignore").decode()


def _open(corpus: list[str] | None):
    """The cached index for the corpus, or None: nothing is built, checked or created."""
    try:
        from .index import cached

        return cached(corpus)
    except Exception:
        return None


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
# +70 ms per TAB. These classes answer the same requests in the same formats as Typer's own
# (so scripts installed with --install-completion keep working) without either.


def use_shell_classes() -> None:
    """Answer completion requests with the classes below (call after typer.main.get_command)."""
    from typer._click.shell_completion import add_completion_class

    bash, zsh, fish = _classes()
    add_completion_class(bash, "bash")
    add_completion_class(zsh, "zsh")
    add_completion_class(fish, "fish")


def _classes():
    from typer._click.shell_completion import CompletionItem, _resolve_context, _resolve_incomplete
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        if _is_name_argument(ctx, obj):
            return [CompletionItem(v) for v in complete_names(ctx, args, incomplete)]
        if getattr(obj, "name", None) == "type_":
            typed = incomplete.lower()
            return [CompletionItem(t) for t in _entity_types() if t.startswith(typed)]
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


def _entity_types() -> tuple[str, ...]:
    from .cli import ENTITY_TYPES

    return ENTITY_TYPES


def _zsh_escape(s: str) -> str:
    # The answer is zsh code inside '...': the same escaping Typer applies, minus rich.
    return s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _one_line(text: str) -> str:
    return " ".join(text.split())
