"""Entity names for shell completion: any word of any name, or the rest of a name begun.

Standard library only, and the index read as it is: every TAB of completion runs this.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # typing itself is not imported on a TAB
if TYPE_CHECKING:
    from sqlite3 import Connection

# At most this many names per TAB: more is a screenful nobody reads.
LIMIT = 50
# At most this many index rows are looked at per TAB, best known first.
SCAN = 5000

# Hyphens split a name's words too (Kasym-Jomart); re is not imported on a TAB for this.
_HYPHENS = str.maketrans({"-": " ", "‐": " ", "‑": " ", "–": " "})


def name_completions(db: Connection, before: list[str], incomplete: str, limit: int = LIMIT) -> list[str]:
    """Completions for `incomplete`, which follows the name words `before`: one per entity,
    most mentioned first.

    With nothing before it, a name matches when any of its words (hyphenated parts too)
    starts with the typed text. Of an entity's names, one that starts with the typed text is
    offered if there is one (`Tok` -> `Tokayev`), else the name that matched (`Jom` ->
    `Kasym-Jomart Tokayev`). After earlier words that begin or continue a name, the rest of
    that name from the current word on is offered (`Nikol Pa` -> `Pashinyan`).
    """
    typed = _fold(incomplete).split()
    partial = "" if (not incomplete or incomplete[-1].isspace()) else (typed.pop() if typed else "")
    earlier = [_fold(word) for arg in before for word in arg.split()] + typed
    inner = len(typed)  # words of this same argument before its last one (escaped spaces)
    entities = _candidates(db, partial or (earlier[-1] if earlier else ""))
    if earlier:
        out = _collect(entities, limit, lambda name: _continue(name, earlier, inner, partial))
        if out or not partial:
            return out
        # Earlier words that are not part of any name ("who is Tok"): this word alone.
        return _collect(entities, limit, lambda name: _rest_from(name, partial))
    return _collect(entities, limit, lambda name: name if _starts(name, partial) else None, lambda name: name if _any_word(name, partial) else None)


def _collect(entities: list[list[str]], limit: int, *tests) -> list[str]:
    """The first answer per entity from the first test that gives one, at most `limit`."""
    out: list[str] = []
    for names in entities:
        for test in tests:
            value = next((v for v in map(test, names) if v), None)
            if value:
                break
        if value and value not in out:
            out.append(value)
            if len(out) >= limit:
                break
    return out


def _starts(name: str, partial: str) -> bool:
    return _fold(name).startswith(partial)


def _any_word(name: str, partial: str) -> bool:
    return any(part.startswith(partial) for part in _fold(name).translate(_HYPHENS).split())


def _rest_from(name: str, partial: str) -> str | None:
    words = name.split()
    for i, word in enumerate(words):
        if _fold(word).startswith(partial):
            return " ".join(words[i:])
    return None


def _continue(name: str, earlier: list[str], inner: int, partial: str) -> str | None:
    """The rest of the name after the earlier words, which must be whole words of it in order,
    when the next word starts with the partial one (with nothing typed, any next word)."""
    words = name.split()
    folded = [_fold(w) for w in words]
    n = len(earlier)
    for start in range(len(words) - n):
        if folded[start : start + n] == earlier and folded[start + n].startswith(partial):
            return " ".join(words[start + n - inner :])
    return None


def _candidates(db: Connection, word: str) -> list[list[str]]:
    """Each entity's names containing the word (canonical name first), most mentioned first.

    LIKE narrows the rows in SQLite (case-insensitive for ASCII; the key column holds the
    names without accents); the exact test, accents and case folded, is made in Python.
    """
    sql = "SELECT n.entity, n.surface FROM names n JOIN entities e ON e.id = n.entity"
    params: list[object] = []
    if word:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql += " WHERE n.surface LIKE ? ESCAPE '\\' OR n.key LIKE ? ESCAPE '\\'"
        params += [pattern, "%" + _ascii(pattern[1:])]
    sql += " ORDER BY e.mentions DESC, n.entity, n.canonical DESC, n.rowid LIMIT ?"
    params.append(SCAN)
    entities: dict[int, list[str]] = {}
    for entity, surface in db.execute(sql, params):
        if surface:
            entities.setdefault(entity, []).append(surface)
    return list(entities.values())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ascii(text: str) -> str:
    return text.encode("ascii", "ignore").decode()
