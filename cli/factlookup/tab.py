"""A TAB that completes an entity name, answered with the standard library alone.

The scripts in completions/ complete commands, options and option values themselves and
start `facts` only where a name is typed, after `who` or `when`. `facts` sends such a
request here before it imports anything else: the cached index of the corpus on the line
is read with sqlite3 as it is (never built, never checked against the corpus), and the
names are written in the shell's format. Any other request goes on to the full command line
(completion.py), which answers scripts installed by older versions too.

Names match on any word of any name or alias of an entity: `Tok` offers `Tokayev`, `Jom`
offers `Kasym-Jomart Tokayev`. Earlier words on the line continue a name: after `Nikol`,
`Pa` completes to `Pashinyan`, so names with spaces work in bash, whose words split on
spaces (zsh and fish insert them as one escaped word).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing, pathlib and re are not imported on a TAB: each costs a few ms
if TYPE_CHECKING:
    from sqlite3 import Connection

# The commands whose argument is a name.
NAME_COMMANDS = ("who", "when")
# Options that take a value, before the command and in each name command (tests hold these
# to the command line's own).
GLOBAL_VALUE_OPTIONS = frozenset({"--corpus", "-c", "--lock-timeout"})
COMMAND_VALUE_OPTIONS = {
    "who": frozenset({"--type", "-t", "--limit", "-n", "--corpus", "-c", "--lock-timeout", "--format"}),
    "when": frozenset({"--from", "--to", "--anchor", "--limit", "-n", "--corpus", "-c", "--lock-timeout", "--format"}),
}
CORPUS_OPTIONS = ("--corpus", "-c")
_BASH_SPECIAL = frozenset("\\'\"`$!&;|<>(){}[]*?#~")


def answer_name_request(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """What to print for a completion request that completes a name; None for any other."""
    shell = environ.get("_FACTS_COMPLETE", "")
    if shell not in ("complete_bash", "complete_zsh", "complete_fish"):
        return None
    if shell == "complete_bash":
        words = split_line(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        args = words[1:cword]
        incomplete = words[cword] if cword < len(words) else ""
    else:
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        args = split_line(line)[1:]
        incomplete = args.pop() if args and not line.endswith(" ") else ""
    request = parse(args, incomplete)
    if request is None:
        return None
    corpus, before = request
    names = complete_names(corpus, before, incomplete)
    if shell == "complete_bash":
        return "\n".join("".join("\\" + ch if ch in _BASH_SPECIAL else ch for ch in n) for n in names)
    if shell == "complete_zsh":
        if not names:
            return "_files"
        return "compadd -U -V names -- " + " ".join("'" + n.replace("'", "'\\''") + "'" for n in names)
    if environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        raise SystemExit(0 if names else 1)
    return "\n".join(names)


def parse(args: list[str], incomplete: str) -> tuple[list[str] | None, list[str]] | None:
    """For a word in a name's place, the corpus named on the line and the name words before
    it; None when the word is a command, an option or an option's value."""
    command = None
    i = 0
    root_corpus: list[str] = []
    while i < len(args):
        arg = args[i]
        if arg.startswith("-") and arg != "-":
            i += _taken(arg, args, i, GLOBAL_VALUE_OPTIONS, root_corpus)
            continue
        command = arg
        break
    if command not in NAME_COMMANDS:
        return None
    takes_value = COMMAND_VALUE_OPTIONS[command]
    corpus: list[str] = []
    words: list[str] = []
    i += 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            words.extend(args[i + 1 :])
            break
        if arg.startswith("-") and arg != "-":
            step = _taken(arg, args, i, takes_value, corpus)
            if i + step > len(args):
                return None  # the word being typed is this option's value
            i += step
            continue
        words.append(arg)
        i += 1
    if incomplete.startswith("-") and "--" not in args[args.index(command) :]:
        return None
    return corpus or root_corpus or None, words


def _taken(arg: str, args: list[str], i: int, takes_value: frozenset[str], corpus: list[str]) -> int:
    """How many words an option at args[i] takes up, noting a corpus it names."""
    name, eq, value = arg.partition("=")
    if name in takes_value and not eq:
        if name in CORPUS_OPTIONS and i + 1 < len(args):
            corpus.append(args[i + 1])
        return 2
    if not name.startswith("--") and len(arg) > 2 and arg[:2] in takes_value:
        value, name = arg[2:], arg[:2]  # -n3, -cPATH
    if name in CORPUS_OPTIONS and value:
        corpus.append(value)
    return 1


def split_line(line: str) -> list[str]:
    """The words of a command line as the shell would pass them; an open quote ends a word."""
    if not any(ch in line for ch in "\"'\\"):
        return line.split()
    import shlex

    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def complete_names(corpus: list[str] | None, before: list[str], incomplete: str) -> list[str]:
    """Names for the word being typed, given the name words typed before it on the line."""
    db = open_index(corpus)
    if db is None:
        return []
    try:
        from .query.names import name_completions

        return name_completions(db, before, incomplete)
    except Exception:  # a damaged or foreign file: complete nothing rather than fail a TAB
        return []
    finally:
        db.close()


def open_index(corpus: list[str] | None) -> Connection | None:
    """The cached index for the corpus, read-only, or None: nothing is built, checked or created.

    The file is found as index.resolve finds it (tests hold the two to the same answer)
    without importing the corpus loader and the store. A file from an older schema either
    still has names and entities, or the query fails and nothing is completed.
    """
    try:
        path = index_file(corpus)
        if not os.path.isfile(path):
            return None
        try:
            # The C module alone: the sqlite3 package also imports datetime for its adapters.
            from _sqlite3 import connect
        except ImportError:
            from sqlite3 import connect
        return connect(f"file:{path}?mode=ro", uri=True)
    except Exception:
        return None


def index_file(corpus: list[str] | None) -> str:
    """Where the index of this corpus is cached: corpus.corpus_roots and store.locate, lean."""
    paths = corpus
    if not paths:
        value = os.environ.get("FACTS_CORPUS", "").strip()
        paths = [p for p in value.split(os.pathsep) if p] if value else []
    if paths:
        roots: list[str] = []
        for raw in paths:
            path = os.path.expanduser(raw)
            if not os.path.exists(path):
                raise FileNotFoundError(raw)
            resolved = os.path.realpath(path)
            if resolved not in roots:
                roots.append(resolved)
    else:
        here = os.path.dirname(os.path.realpath(__file__))
        places = (os.path.join(here, "seeds"), os.path.join(os.path.dirname(os.path.dirname(here)), "seeds"))
        seeds = [c for c in places if os.path.isdir(c)]
        if not seeds:
            raise FileNotFoundError("seeds")
        roots = [seeds[0]]
    try:
        from _sha1 import sha1  # the same digest as hashlib's, without loading OpenSSL
    except ImportError:
        from hashlib import sha1
    digest = sha1("\0".join(roots).encode()).hexdigest()[:16]
    return os.path.join(cache_dir(), f"index-{digest}.sqlite")


def cache_dir() -> str:
    override = os.environ.get("FACTS_CACHE_DIR")
    if override:
        return os.path.expanduser(override)
    if sys.platform.startswith("linux"):
        # platformdirs' answer on Linux, without its import (~15 ms)
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return os.path.join(xdg if xdg else os.path.expanduser("~/.cache"), "factlookup")
    from platformdirs import user_cache_dir

    return user_cache_dir("factlookup", appauthor=False)


def main() -> bool:
    """Answer a name request on stdout; False when the request is not one."""
    text = answer_name_request()
    if text is None:
        return False
    if text:
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))
    return True
